/**
 * Meeting events (reference 3.6): a meeting reserved through the API publishes its lifecycle,
 * caused by the simulator's controls and by the API, and every meeting publishes the
 * all_meeting_* pair; the official SDK's EventDispatcher decrypts, verifies and routes each one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-return --
   the deliveries are untyped wire JSON, probed field by field; each probe is an expect(). */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  createEventHandler,
  startEventReceiver,
  type EventEnvelope,
  type EventMeeting,
  type EventUser,
  type VcEventType,
} from "../../provider";
import { asUser, control, inSeconds, sdkClient, users, type DirectoryUser } from "./sdk-helpers";

const KEY = "meeting-events-key";
const TOKEN = "meeting-events-token";
const MEETING_TYPES = [
  "vc.meeting.meeting_started_v1",
  "vc.meeting.meeting_ended_v1",
  "vc.meeting.join_meeting_v1",
  "vc.meeting.leave_meeting_v1",
  "vc.meeting.recording_started_v1",
  "vc.meeting.recording_ended_v1",
  "vc.meeting.recording_ready_v1",
  "vc.meeting.share_started_v1",
  "vc.meeting.share_ended_v1",
  "vc.meeting.all_meeting_started_v1",
  "vc.meeting.all_meeting_ended_v1",
];

interface Seen {
  type: string;
  data: Record<string, any>;
}

let emulator: RunningEmulator;
let people: DirectoryUser[];
let server: http.Server;
let seen: Seen[];

beforeEach(async () => {
  emulator = await startEmulator({ noRateLimit: true, eventTimeScale: 1000 });
  people = await users(emulator);
  seen = [];
  const dispatcher = new lark.EventDispatcher({
    encryptKey: KEY,
    verificationToken: TOKEN,
    loggerLevel: lark.LoggerLevel.error,
  }).register(
    Object.fromEntries(
      MEETING_TYPES.map((type) => [
        type,
        (data: Record<string, any>): Promise<void> => {
          seen.push({ type, data });
          return Promise.resolve();
        },
      ]),
    ),
  );
  const adapter = lark.adaptDefault("/", dispatcher, { autoChallenge: true });
  server = http.createServer((req, res) => void adapter(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await control(emulator, "POST", "webhook", {
    url: `http://127.0.0.1:${port}/`,
    verification_token: TOKEN,
    encrypt_key: KEY,
  });
});
afterEach(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await emulator.close();
});

const until = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out; seen ${JSON.stringify(counts())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
/** Deliveries run concurrently (order is not guaranteed): compare the count of each type. */
const counts = (): Record<string, number> => {
  const tally: Record<string, number> = {};
  for (const { type } of seen) tally[type] = (tally[type] ?? 0) + 1;
  return tally;
};
const of = (type: string): Record<string, any>[] =>
  seen.filter((s) => s.type === `vc.meeting.${type}_v1`).map((s) => s.data);
const eventUser = (user: DirectoryUser, role: number): Record<string, unknown> => ({
  id: { union_id: user.union_id, user_id: user.user_id, open_id: user.open_id },
  user_role: role,
  user_type: 1,
});

it("a meeting reserved through the API publishes its lifecycle, from the simulator and the API", async () => {
  const [owner, other, guest] = people as [DirectoryUser, DirectoryUser, DirectoryUser];
  const sdk = sdkClient(emulator);
  const applied = await sdk.vc.reserve.apply({
    data: {
      end_time: inSeconds(3600),
      owner_id: owner.open_id,
      meeting_settings: { topic: "Ops" },
    },
  });
  const { meeting_id: meetingId, meeting_no: meetingNo } = await control<{
    meeting_id: string;
    meeting_no: string;
  }>(emulator, "POST", "meetings", { reserve_id: applied.data!.reserve!.id });
  const path = { path: { meeting_id: meetingId } };
  const asOwner = await asUser(emulator, owner.user_id);

  await control(emulator, "POST", `meetings/${meetingId}/participants`, { user_id: guest.user_id });
  await control(emulator, "POST", `meetings/${meetingId}/share/start`, { user_id: guest.user_id });
  await control(emulator, "POST", `meetings/${meetingId}/share/stop`);
  await sdk.vc.meetingRecording.start({ ...path, data: { timezone: 8 } }, asOwner);
  await control(emulator, "POST", "clock", { advance_seconds: 12 });
  await sdk.vc.meetingRecording.stop(path, asOwner);
  await sdk.vc.meeting.kickout({
    ...path,
    data: { kickout_users: [{ id: guest.open_id, user_type: 1 }] },
  });
  await control(emulator, "DELETE", `meetings/${meetingId}/participants/${other.user_id}`);
  await sdk.vc.meeting.end(path, asOwner);

  const expected = {
    "vc.meeting.meeting_started_v1": 1,
    "vc.meeting.all_meeting_started_v1": 1,
    "vc.meeting.join_meeting_v1": 3,
    "vc.meeting.share_started_v1": 1,
    "vc.meeting.share_ended_v1": 1,
    "vc.meeting.recording_started_v1": 1,
    "vc.meeting.recording_ended_v1": 1,
    "vc.meeting.leave_meeting_v1": 2,
    "vc.meeting.meeting_ended_v1": 1,
    "vc.meeting.all_meeting_ended_v1": 1,
    "vc.meeting.recording_ready_v1": 1,
  };
  await until(() => seen.length >= 14);
  await new Promise((r) => setTimeout(r, 200));
  expect(counts()).toEqual(expected);

  const started = of("meeting_started")[0]!;
  expect(started.meeting).toMatchObject({
    id: meetingId,
    topic: "Ops",
    meeting_no: meetingNo,
    meeting_source: 4,
    host_user: eventUser(owner, 2),
    owner: eventUser(owner, 2),
  });
  expect(started.meeting.start_time).toMatch(/^\d{10}$/);
  expect(started.meeting.end_time).toBeUndefined();
  expect(started.operator).toEqual(eventUser(owner, 2));
  expect(of("all_meeting_started")[0]!.meeting).toEqual(started.meeting);

  expect(of("join_meeting").map((d) => d.operator.id.user_id)).toEqual(
    expect.arrayContaining([owner.user_id, other.user_id, guest.user_id]),
  );
  expect(of("share_started")[0]!.operator).toEqual(eventUser(guest, 1));
  expect(of("share_ended")[0]!.operator).toEqual(eventUser(guest, 1));
  expect(of("recording_started")[0]!.operator).toEqual(eventUser(owner, 2));
  expect(of("recording_ended")[0]!.operator).toEqual(eventUser(owner, 2));
  expect(
    of("leave_meeting")
      .map((d) => d.operator.id.user_id as string)
      .sort(),
  ).toEqual([guest.user_id, other.user_id].sort());

  const ended = of("meeting_ended")[0]!;
  expect(ended.operator).toEqual(eventUser(owner, 2));
  expect(ended.meeting).toMatchObject({ id: meetingId, meeting_source: 4 });
  expect(Number(ended.meeting.end_time)).toBeGreaterThanOrEqual(
    Number(ended.meeting.start_time) + 12,
  );
  expect(of("all_meeting_ended")[0]!.meeting).toEqual(ended.meeting);

  const ready = of("recording_ready")[0]!;
  expect(ready.meeting.id).toBe(meetingId);
  expect(ready.operator).toBeUndefined();
  // The event's file is the one the API now serves.
  const file = await sdk.vc.meetingRecording.get(path);
  expect(ready.url).toBe(file.data!.recording!.url);
  expect(ready.duration).toBe(file.data!.recording!.duration);
  expect(Number(ready.duration)).toBeGreaterThanOrEqual(12_000);
});

it("an instant meeting publishes only all_meeting_started and all_meeting_ended", async () => {
  const [host, guest] = people as [DirectoryUser, DirectoryUser];
  const { meeting_id: meetingId } = await control<{ meeting_id: string }>(
    emulator,
    "POST",
    "meetings",
    { topic: "Chat", host_id: host.user_id },
  );
  await control(emulator, "POST", `meetings/${meetingId}/participants`, { user_id: guest.user_id });
  await control(emulator, "POST", `meetings/${meetingId}/share/start`, { user_id: guest.user_id });
  await control(emulator, "DELETE", `meetings/${meetingId}/participants/${host.user_id}`);
  // The last one out ends the meeting.
  await control(emulator, "DELETE", `meetings/${meetingId}/participants/${guest.user_id}`);

  await until(() => seen.length >= 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(counts()).toEqual({
    "vc.meeting.all_meeting_started_v1": 1,
    "vc.meeting.all_meeting_ended_v1": 1,
  });
  const started = of("all_meeting_started")[0]!;
  expect(started.meeting).toMatchObject({
    id: meetingId,
    topic: "Chat",
    meeting_source: 2,
    host_user: eventUser(host, 2),
  });
  expect(started.operator).toEqual(eventUser(host, 2));
  const ended = of("all_meeting_ended")[0]!;
  // The host role passed to the guest when the host left; the guest, last out, ended it.
  expect(ended.meeting.host_user).toEqual(eventUser(guest, 2));
  expect(ended.operator).toEqual(eventUser(guest, 2));
  expect(ended.meeting.end_time).toMatch(/^\d{10}$/);
});

it("the typed payloads of provider/events name every field the emulator sends", async () => {
  // The keys the exported types declare; `satisfies` fails the build on a name they lack.
  const meetingKeys = [
    "id",
    "topic",
    "meeting_no",
    "meeting_source",
    "start_time",
    "end_time",
    "host_user",
    "owner",
    "calendar_event_id",
    "meeting_sub_type",
    "security_setting",
    "webinar_setting",
  ] satisfies (keyof EventMeeting)[];
  const userKeys = ["id", "user_role", "user_type"] satisfies (keyof EventUser)[];
  const handled: EventEnvelope[] = [];
  const ready: { url: string; duration: string | number; source?: number }[] = [];
  const keep = (event: EventEnvelope): void => void handled.push(event);
  const receiver = await startEventReceiver({
    port: 0,
    encryptKey: KEY,
    verificationToken: TOKEN,
    log: () => undefined,
    onEvent: createEventHandler(
      {
        "vc.meeting.recording_ready_v1": (e) => {
          ready.push({
            url: e.event.url,
            duration: e.event.duration,
            source: e.event.meeting.meeting_source,
          });
          handled.push(e);
        },
      },
      keep,
    ),
  });
  try {
    await control(emulator, "POST", "webhook", {
      url: receiver.url,
      verification_token: TOKEN,
      encrypt_key: KEY,
    });
    const [owner] = people as [DirectoryUser];
    const applied = await sdkClient(emulator).vc.reserve.apply({
      data: {
        end_time: inSeconds(3600),
        owner_id: owner.open_id,
        meeting_settings: { topic: "Typed", auto_record: true },
      },
    });
    const { meeting_id: meetingId } = await control<{ meeting_id: string }>(
      emulator,
      "POST",
      "meetings",
      { reserve_id: applied.data!.reserve!.id },
    );
    await control(emulator, "PATCH", `meetings/${meetingId}`, { locked: true });
    await control(emulator, "POST", "clock", { advance_seconds: 6 });
    await control(emulator, "POST", `meetings/${meetingId}/end`);
    // started, all_started, 2 joins, recording started and ended, ended, all_ended, ready.
    await until(() => handled.length >= 9);
    const types = handled.map((e) => e.header.event_type as VcEventType);
    expect(new Set(types).size).toBe(8);
    for (const envelope of handled) {
      const event = envelope.event as {
        meeting: Record<string, unknown>;
        operator?: Record<string, unknown>;
      };
      for (const key of Object.keys(event.meeting)) expect(meetingKeys).toContain(key);
      const named = [event.meeting.host_user, event.meeting.owner, event.operator];
      for (const user of named as (Record<string, unknown> | undefined)[])
        for (const key of Object.keys(user ?? {})) expect(userKeys).toContain(key);
    }
    const ended = handled.find((e) => e.header.event_type === "vc.meeting.meeting_ended_v1")!;
    // Locked by the simulator: the one security level the emulator knows.
    expect((ended.event as Record<string, any>).meeting.security_setting).toEqual({
      security_level: 4,
    });
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({
      url: expect.stringMatching(/^https:\/\//) as string,
      source: 4,
    });
    // Six tenant-clock seconds recorded, plus the real time the test took.
    expect(Number(ready[0]!.duration)).toBeGreaterThanOrEqual(6000);
  } finally {
    await receiver.close();
  }
});
