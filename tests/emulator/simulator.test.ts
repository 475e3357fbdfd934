/**
 * The control endpoints of the user directory and the live meeting simulator: who tokens act as,
 * meetings started from reservations or instantly, joins, leaves, shares, ends, and the history
 * of ended meetings (with the tenant clock moved forward so durations are exact).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { control, inSeconds, sdkClient, users, type DirectoryUser } from "./sdk-helpers";

interface HistoryRecord {
  meeting_id: string;
  meeting_no: string;
  topic?: string;
  host: { id: string; user_type: number };
  start_time: number;
  end_time: number;
  participants: { id: string; user_type: number; join: number; leave: number; duration: number }[];
  room_ids: string[];
}

let emulator: RunningEmulator;
let people: DirectoryUser[];

beforeAll(async () => {
  emulator = await startEmulator({ noRateLimit: true });
  people = await users(emulator);
});
afterAll(async () => {
  await emulator.close();
});

describe("the user directory", () => {
  it("lists users with the three id types and a name, all distinct", () => {
    expect(people.length).toBeGreaterThanOrEqual(12);
    for (const user of people) {
      expect(user.open_id).toMatch(/^ou_[0-9a-f]{32}$/);
      expect(user.union_id).toMatch(/^on_[0-9a-f]{32}$/);
      expect(user.user_id).not.toBe("");
      expect(user.name).not.toBe("");
    }
    expect(new Set(people.map((u) => u.open_id)).size).toBe(people.length);
  });

  it("issues user tokens for a named user, the default user for {} or no body, and refuses unknown ones", async () => {
    const byUserId = await control<Record<string, string>>(emulator, "POST", "user-token", {
      user_id: people[3]!.user_id,
    });
    expect(byUserId).toMatchObject({ user_id: people[3]!.user_id, open_id: people[3]!.open_id });
    expect(byUserId.user_access_token).toMatch(/^u-/);
    const byOpenId = await control<Record<string, string>>(emulator, "POST", "user-token", {
      open_id: people[4]!.open_id,
    });
    expect(byOpenId.user_id).toBe(people[4]!.user_id);
    expect(
      (await control<Record<string, string>>(emulator, "POST", "user-token", {})).user_id,
    ).toBe(people[0]!.user_id);
    expect((await control<Record<string, string>>(emulator, "POST", "user-token")).user_id).toBe(
      people[0]!.user_id,
    );
    await control(emulator, "POST", "user-token", { user_id: "nobody" }, 404);
    await control(
      emulator,
      "POST",
      "user-token",
      { user_id: people[1]!.user_id, open_id: people[2]!.open_id },
      400,
    );
  });
});

describe("the meeting simulator", () => {
  it("records joins, leaves, shares and the end in the history, with durations from the tenant clock", async () => {
    const sdk = sdkClient(emulator);
    const root = await sdk.vc.roomLevel.get({ path: { room_level_id: "0" } });
    const room = await sdk.vc.room.create({
      data: { name: "Sim room", capacity: 8, room_level_id: root.data!.room_level!.room_level_id! },
    });
    const roomId = room.data!.room!.room_id!;
    const [host, guest] = [people[5]!, people[6]!];
    const started = await control<{ meeting_id: string; meeting_no: string }>(
      emulator,
      "POST",
      "meetings",
      {
        topic: "Standup",
        host_id: host.user_id,
      },
    );
    expect(started.meeting_no).toMatch(/^\d{9}$/);
    const id = started.meeting_id;
    await control(emulator, "POST", `meetings/${id}/participants`, { user_id: guest.user_id });
    await control(emulator, "POST", `meetings/${id}/participants`, { room_id: roomId });
    await control(emulator, "POST", `meetings/${id}/participants`, { user_id: guest.user_id }, 409);
    await control(emulator, "POST", `meetings/${id}/share/start`, { user_id: guest.user_id });
    await control(emulator, "POST", "clock", { advance_seconds: 60 });
    await control(emulator, "POST", `meetings/${id}/share/stop`);
    await control(emulator, "POST", `meetings/${id}/share/stop`, undefined, 409);
    await control(emulator, "DELETE", `meetings/${id}/participants/${guest.user_id}`);
    await control(emulator, "POST", "clock", { advance_seconds: 30 });
    await control(emulator, "POST", `meetings/${id}/end`);
    await control(emulator, "POST", `meetings/${id}/end`, undefined, 409);
    await control(emulator, "POST", `meetings/${id}/participants`, { user_id: guest.user_id }, 409);

    const { history, live } = await control<{ history: HistoryRecord[]; live: { id: string }[] }>(
      emulator,
      "GET",
      "meetings",
    );
    expect(live.map((m) => m.id)).not.toContain(id);
    const record = history.find((m) => m.meeting_id === id)!;
    expect(record).toMatchObject({
      meeting_no: started.meeting_no,
      topic: "Standup",
      host: { id: host.user_id, user_type: 1 },
    });
    // Simulated seconds plus the real time the calls took (under a second, but it may cross one).
    const about = (value: number | undefined, seconds: number): void => {
      expect(value).toBeGreaterThanOrEqual(seconds);
      expect(value).toBeLessThanOrEqual(seconds + 1);
    };
    about(record.end_time - record.start_time, 90);
    const byId = new Map(record.participants.map((p) => [p.id, p]));
    expect(byId.get(host.user_id)?.user_type).toBe(1);
    expect(byId.get(roomId)?.user_type).toBe(2);
    about(byId.get(host.user_id)?.duration, 90);
    about(byId.get(guest.user_id)?.duration, 60);
    about(byId.get(roomId)?.duration, 90);
    expect(record.room_ids).toEqual([roomId]);
  });

  it("passes the host on when the host leaves, and ends the meeting when the last one leaves", async () => {
    const [host, guest] = [people[7]!, people[8]!];
    const { meeting_id: id } = await control<{ meeting_id: string }>(emulator, "POST", "meetings", {
      host_id: host.user_id,
    });
    await control(emulator, "POST", `meetings/${id}/participants`, { user_id: guest.user_id });
    await control(emulator, "DELETE", `meetings/${id}/participants/${host.user_id}`);
    const state = await control<{ meetings: { id: string; host_user: { id: string } }[] }>(
      emulator,
      "GET",
      "state",
    );
    expect(state.meetings.find((m) => m.id === id)!.host_user.id).toBe(guest.user_id);
    await control(emulator, "DELETE", `meetings/${id}/participants/${guest.user_id}`);
    const { history } = await control<{ history: HistoryRecord[] }>(emulator, "GET", "meetings");
    expect(history.map((m) => m.meeting_id)).toContain(id);
  });

  it("refuses what the state does not allow", async () => {
    await control(emulator, "POST", "meetings", {}, 400);
    await control(emulator, "POST", "meetings", { reserve_id: "1234567890123456789" }, 404);
    await control(emulator, "POST", "meetings", { host_id: "nobody" }, 404);
    await control(emulator, "POST", "meetings/1234567890123456789/end", undefined, 404);
    const sdk = sdkClient(emulator);
    const applied = await sdk.vc.reserve.apply({
      data: {
        end_time: inSeconds(3600),
        owner_id: people[9]!.open_id,
        meeting_settings: { topic: "Once" },
      },
    });
    const reserveId = applied.data!.reserve!.id!;
    await control(emulator, "POST", "meetings", { reserve_id: reserveId });
    await control(emulator, "POST", "meetings", { reserve_id: reserveId }, 409);
  });
});

it("persists reservations, live meetings and the history, and finds them after a restart", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-sim-"));
  const stateFile = path.join(dir, "tenant.json");
  const first = await startEmulator({ stateFile, noRateLimit: true });
  const owner = (await users(first))[0]!;
  const applied = await sdkClient(first).vc.reserve.apply({
    data: {
      end_time: inSeconds(3600),
      owner_id: owner.open_id,
      meeting_settings: { topic: "Kept" },
    },
  });
  const reserveId = applied.data!.reserve!.id!;
  const { meeting_id: ended } = await control<{ meeting_id: string }>(first, "POST", "meetings", {
    reserve_id: reserveId,
  });
  await control(first, "POST", `meetings/${ended}/end`);
  const { meeting_id: live } = await control<{ meeting_id: string }>(first, "POST", "meetings", {
    reserve_id: reserveId,
  });
  await first.close();

  const second = await startEmulator({ stateFile, noRateLimit: true });
  try {
    const got = await sdkClient(second).vc.reserve.get({ path: { reserve_id: reserveId } });
    expect(got.data!.reserve!.meeting_settings!.topic).toBe("Kept");
    const active = await sdkClient(second).vc.reserve.getActiveMeeting({
      path: { reserve_id: reserveId },
    });
    expect(active.data!.meeting!.id).toBe(live);
    const { history } = await control<{ history: HistoryRecord[] }>(second, "GET", "meetings");
    expect(history.map((m) => m.meeting_id)).toEqual([ended]);
  } finally {
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
