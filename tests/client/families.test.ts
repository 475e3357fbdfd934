/**
 * The reservation, meeting and recording families of the client against the emulator: apply,
 * get, update, delete; a live meeting started through the simulator; list_by_no paging; the
 * set_host compare-and-swap (409/121006); user-only calls refused before any request.
 */
import {
  createClient,
  isArgumentError,
  isFeishuApiError,
  type FeishuVcClient,
} from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";

interface User {
  user_id: string;
  open_id: string;
}

let emulator: EmulatorProcess;
let client: FeishuVcClient;
let users: User[];

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const tokenOf = async (user: User): Promise<string> =>
  (await control<{ user_access_token: string }>("POST", "user-token", { user_id: user.user_id }))
    .user_access_token;
const inSeconds = (seconds: number): string => String(Math.floor(Date.now() / 1000) + seconds);

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

beforeAll(async () => {
  emulator = await startEmulatorProcess({ noRateLimit: true });
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  users = (await control<{ users: User[] }>("GET", "users")).users;
});

afterAll(async () => {
  await emulator?.stop();
});

it("applies, reads, updates (empty clears, omitted kept) and deletes a reservation", async () => {
  const applied = await client.reservations.apply({
    owner_id: users[0]!.open_id,
    end_time: inSeconds(3600),
    meeting_settings: { topic: "Town hall", password: "2468", auto_record: true },
  });
  const id = applied.reserve.id;
  expect(applied.reserve.meeting_no).toMatch(/^\d{9}$/);
  const read = await client.reservations.get(id);
  expect(read).toMatchObject({
    reserve_user_id: users[0]!.open_id,
    expire_status: 1,
    meeting_settings: { topic: "Town hall", auto_record: true },
  });

  await client.reservations.update(id, { meeting_settings: { topic: "", password: "13579" } });
  const updated = await client.reservations.get(id);
  expect(updated.meeting_settings?.topic).toBeUndefined();
  expect(updated.meeting_settings?.auto_record).toBe(true);
  expect(updated.password).toBe("13579");

  await client.reservations.delete(id);
  expect(await failure(client.reservations.get(id))).toMatchObject({ code: 121004 });
});

it("runs a live meeting: get with participants, list_by_no paged, set_host CAS, end", async () => {
  const applied = await client.reservations.apply({
    owner_id: users[0]!.open_id,
    end_time: inSeconds(3600),
    meeting_settings: { topic: "Weekly" },
  });
  const reserveId = applied.reserve.id;
  const meetingNo = applied.reserve.meeting_no;
  const ownerToken = await tokenOf(users[0]!);
  // Three meetings under one number, each started and ended through the simulator.
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const { meeting_id } = await control<{ meeting_id: string }>("POST", "meetings", {
      reserve_id: reserveId,
    });
    ids.push(meeting_id);
    if (i < 2) await control("POST", `meetings/${meeting_id}/end`);
  }
  const live = ids[2]!;
  const meeting = await client.meetings.get(live, { with_participants: true });
  expect(meeting.status).toBe(2);
  expect(meeting.host_user?.id).toBe(users[0]!.open_id);
  expect(meeting.participants?.length).toBeGreaterThanOrEqual(2);

  const window = { meeting_no: meetingNo, start_time: inSeconds(-3600), end_time: inSeconds(60) };
  const first = await client.meetings.listByNo({ ...window, page_size: 2 });
  expect(first.meeting_briefs).toHaveLength(2);
  expect(first.has_more).toBe(true);
  const second = await client.meetings.listByNo({
    ...window,
    page_size: 2,
    page_token: first.page_token!,
  });
  expect(second.has_more).toBe(false);
  const paged = [...first.meeting_briefs, ...second.meeting_briefs].map((m) => m.id);
  expect(new Set(paged)).toEqual(new Set(ids));
  expect((await client.meetings.listAllByNo(window)).map((m) => m.id).sort()).toEqual(
    [...ids].sort(),
  );

  const other = users.find((u) =>
    meeting.participants?.some((p) => p.id === u.open_id && !p.is_host),
  )!;
  await client.meetings.setHost(live, {
    host_user: { id: other.open_id, user_type: 1 },
    old_host_user: { id: users[0]!.open_id, user_type: 1 },
  });
  const stale = await failure(
    client.meetings.setHost(live, {
      host_user: { id: users[0]!.open_id, user_type: 1 },
      old_host_user: { id: users[0]!.open_id, user_type: 1 },
    }),
  );
  expect(stale).toMatchObject({ code: 121006, httpStatus: 409 });

  // Only the current host may end it.
  expect(isFeishuApiError(await failure(client.meetings.end(live, ownerToken)))).toBe(true);
  expect((await client.meetings.get(live)).status).toBe(2);
  await client.meetings.end(live, await tokenOf(users.find((u) => u.open_id === other.open_id)!));
  expect((await client.meetings.get(live)).status).toBe(3);
});

it("refuses user-only calls without a user token before any request", async () => {
  await emulator.control.resetStats();
  const calls: [string, () => Promise<unknown>][] = [
    [
      "invite",
      () => client.meetings.invite("123", [{ id: "ou_x" }], undefined as unknown as string),
    ],
    ["end", () => client.meetings.end("123", undefined as unknown as string)],
    ["recording start", () => client.recording.start("123", undefined as unknown as string)],
    ["recording stop", () => client.recording.stop("123", undefined as unknown as string)],
  ];
  for (const [name, call] of calls) {
    const error = await failure(call());
    expect([name, isArgumentError(error)]).toEqual([name, true]);
    expect((error as Error).message).toMatch(/user/i);
  }
  expect((await emulator.control.stats()).total).toBe(0);
});
