/** `check` and `diff` of the Reservation resource: offline rules, no API call. */
import { checkReservation, diffReservation } from "../../../provider/resources/reservation";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const valid = {
  ownerId: "ou_owner",
  endTime: "2026-12-10T09:00:00+08:00",
  meetingSettings: { topic: "Town hall", password: "1234" },
};
const failures = (news: Record<string, unknown>): string[] =>
  (checkReservation(news, NOW).failures ?? []).map((f) => `${f.property}: ${f.reason}`);

describe("checkReservation", () => {
  it("accepts a valid declaration and normalises endTime to unix seconds", () => {
    const result = checkReservation(valid, NOW);
    expect(result.failures).toEqual([]);
    expect((result.inputs as { endTime?: unknown }).endTime).toBe(
      String(Date.parse("2026-12-10T01:00:00Z") / 1000),
    );
  });

  it.each([
    [{ endTime: "2027-01-05T00:00:00Z" }, /^endTime: must be at most 30 days ahead/],
    [{ endTime: "2026-11-30T00:00:00Z" }, /^endTime: has passed .*move endTime/],
    [{ endTime: undefined }, /^endTime: is required for a group meeting/],
    [{ endTime: "next week" }, /^endTime: must be unix seconds or an ISO 8601/],
    [{ ownerId: undefined }, /^ownerId: is required/],
  ])("refuses %j", (override, message) => {
    expect(failures({ ...valid, ...override })).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    [
      { password: "123" },
      /^meetingSettings.password: must be empty \(no password\) or 4 to 9 digits/,
    ],
    [{ password: "12ab" }, /^meetingSettings.password: must be empty/],
    [
      { assignHosts: Array.from({ length: 11 }, (_, i) => `ou_${i}`) },
      /^meetingSettings.assignHosts: takes at most 10 hosts/,
    ],
    [
      { meetingInitialType: "call", autoRecord: true },
      /^meetingSettings.autoRecord: cannot be true for a 1v1 call/,
    ],
    [{ meetingInitialType: "webinar" }, /^meetingSettings.meetingInitialType: /],
    [{ colour: "red" }, /colour/],
  ])("refuses meeting settings %j", (settings, message) => {
    const news = { ...valid, meetingSettings: { ...valid.meetingSettings, ...settings } };
    expect(failures(news)).toEqual([expect.stringMatching(message)]);
  });

  it("lets a 1v1 call go without an end time", () => {
    const news = { ownerId: "ou_owner", meetingSettings: { meetingInitialType: "call" } };
    expect(failures(news)).toEqual([]);
  });
});

describe("diffReservation", () => {
  const state = {
    ownerId: "ou_owner",
    endTime: "1796000000",
    meetingSettings: { topic: "Town hall", password: "1234", autoRecord: false },
    expired: false,
  };
  const declared = {
    ownerId: "ou_owner",
    endTime: "1796000000",
    meetingSettings: { topic: "Town hall", password: "1234" },
  };

  it("finds no change when the declared fields match (undeclared live fields are ignored)", () => {
    expect(diffReservation(state, declared)).toEqual({ changed: [], replaces: [] });
  });

  it("names changed settings by path, and replaces on owner or meetingConnect", () => {
    const news = {
      ...declared,
      ownerId: "ou_other",
      meetingSettings: { topic: "Renamed", meetingConnect: true },
    };
    expect(diffReservation(state, news)).toEqual({
      changed: ["ownerId", "meetingSettings.topic", "meetingSettings.meetingConnect"],
      replaces: ["ownerId", "meetingSettings.meetingConnect"],
    });
  });

  it("updates an expired reservation so the end time is sent again", () => {
    expect(diffReservation({ ...state, expired: true }, declared)).toEqual({
      changed: ["endTime"],
      replaces: [],
    });
  });
});
