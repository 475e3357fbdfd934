/**
 * `feishu-vc meeting|recording|reserve` against the emulator, run as a user would (the built CLI):
 * tables by default, `--json` for scripts, and every bad argument a one-line error naming the
 * flag, exit 64, with nothing sent.
 */
import { createClient, type FeishuVcClient } from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";
import { runCli, type CliResult } from "../helpers/cli";

jest.setTimeout(120_000);

interface User {
  user_id: string;
  open_id: string;
}

let emulator: EmulatorProcess;
let client: FeishuVcClient;
let users: User[];
let reserveId: string;
let meetingNo: string;
let meetingId: string;
const PASSWORD = "4711";

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

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, {
    env: {
      FEISHU_APP_ID: emulator.appId,
      FEISHU_APP_SECRET: emulator.appSecret,
      FEISHU_BASE_URL: emulator.url,
      FEISHU_USER_ACCESS_TOKEN: "",
      ...env,
    },
  });

const json = <T>(result: CliResult): T => {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(result.stdout) as T;
};

/** A usage error: exit 64, exactly one line on stderr naming `flag`, no stack trace. */
function expectUsageError(result: CliResult, flag: string): void {
  expect(result.code).toBe(64);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  emulator = await startEmulatorProcess({ noRateLimit: true });
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  users = (await control<{ users: User[] }>("GET", "users")).users;
  const applied = await client.reservations.apply({
    owner_id: users[0]!.open_id,
    end_time: String(Math.floor(Date.now() / 1000) + 86_400),
    meeting_settings: { topic: "Board room default", password: PASSWORD },
  });
  reserveId = applied.reserve.id;
  meetingNo = applied.reserve.meeting_no;
  meetingId = (await control<{ meeting_id: string }>("POST", "meetings", { reserve_id: reserveId }))
    .meeting_id;
});

afterAll(async () => {
  await emulator?.stop();
});

describe("feishu-vc reserve", () => {
  it("get prints a table, or JSON with --json, never the password", async () => {
    const table = await cli(["reserve", "get", reserveId, "--active-meeting"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(meetingNo);
    expect(table.stdout).toContain("Board room default");
    expect(table.stdout).toMatch(/active_meeting\s*│\s*\d+/);
    expect(table.stdout).not.toContain(PASSWORD);
    const data = json<{ id: string; meeting_no: string; password: string }>(
      await cli(["reserve", "get", reserveId, "--json"]),
    );
    expect(data).toMatchObject({ id: reserveId, meeting_no: meetingNo, password: "(hidden)" });
  });

  it("refuses bad arguments with one line naming the flag", async () => {
    expectUsageError(
      await cli(["reserve", "get", reserveId, "--user-id-type", "email"]),
      "--user-id-type",
    );
    expectUsageError(await cli(["reserve", "get", "a/b"]), "<reserveId>");
    expectUsageError(await cli(["reserve", "delete", reserveId]), "--yes");
    expectUsageError(await cli(["reserve", "get"]), "reserveId");
  });
});

describe("feishu-vc meeting and recording on a live meeting", () => {
  it("meeting get and list show the live meeting and its participants", async () => {
    const meeting = json<{ id: string; status: number; participants: { id: string }[] }>(
      await cli(["meeting", "get", meetingId, "--json"]),
    );
    expect(meeting).toMatchObject({ id: meetingId, status: 2 });
    expect(meeting.participants.map((p) => p.id)).toContain(users[0]!.open_id);
    const table = await cli(["meeting", "get", meetingId]);
    expect(table.stdout).toContain("is_host");

    const listed = json<{ id: string }[]>(
      await cli(["meeting", "list", "--meeting-no", meetingNo, "--json"]),
    );
    expect(listed.map((m) => m.id)).toEqual([meetingId]);
  });

  it("invite needs a user token, refused before any request without one", async () => {
    await emulator.control.resetStats();
    const refused = await cli(["meeting", "invite", meetingId, "--user", users[2]!.open_id]);
    expectUsageError(refused, "--user-token");
    expect((await emulator.control.stats()).total).toBe(0);

    const invited = json<{ id: string; status: number }[]>(
      await cli(["meeting", "invite", meetingId, "--user", users[2]!.open_id, "--json"], {
        FEISHU_USER_ACCESS_TOKEN: await tokenOf(users[0]!),
      }),
    );
    expect(invited).toEqual([{ id: users[2]!.open_id, user_type: 1, status: 1 }]);
  });

  it("recording start and stop act as the host; get fails while the meeting is live", async () => {
    const host = await tokenOf(users[0]!);
    expect((await cli(["recording", "start", meetingId, "--user-token", host])).code).toBe(0);
    await control("POST", "clock", { advance_seconds: 120 });
    expect((await cli(["recording", "stop", meetingId, "--user-token", host])).code).toBe(0);
    const early = await cli(["recording", "get", meetingId]);
    expect(early.code).toBe(1);
    expect(early.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(early.stderr).toMatch(/124002/);
  });

  it("set-host moves the host, and a stale --old-host is refused (409/121006)", async () => {
    const moved = json<{ id: string }>(
      await cli([
        "meeting",
        "set-host",
        meetingId,
        "--host",
        users[1]!.open_id,
        "--old-host",
        users[0]!.open_id,
        "--json",
      ]),
    );
    expect(moved.id).toBe(users[1]!.open_id);
    const stale = await cli([
      "meeting",
      "set-host",
      meetingId,
      "--host",
      users[2]!.open_id,
      "--old-host",
      users[0]!.open_id,
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/121006/);
    expect((await client.meetings.get(meetingId)).host_user?.id).toBe(users[1]!.open_id);
  });

  it("kickout removes a participant with the tenant token", async () => {
    // The invitee answers: they join through the simulator.
    await control("POST", `meetings/${meetingId}/participants`, { user_id: users[2]!.user_id });
    const results = json<{ id: string; result: number }[]>(
      await cli(["meeting", "kickout", meetingId, "--user", users[2]!.open_id, "--json"]),
    );
    expect(results).toEqual([expect.objectContaining({ id: users[2]!.open_id })]);
    expectUsageError(await cli(["meeting", "kickout", meetingId]), "--user");
  });

  it("end acts as the current host; then the recording can be read and shared", async () => {
    const formerHost = await cli(["meeting", "end", meetingId], {
      FEISHU_USER_ACCESS_TOKEN: await tokenOf(users[0]!),
    });
    expect(formerHost.code).toBe(1);
    const ended = await cli([
      "meeting",
      "end",
      meetingId,
      "--user-token",
      await tokenOf(users[1]!),
    ]);
    expect(ended.code).toBe(0);
    expect((await client.meetings.get(meetingId)).status).toBe(3);

    const recording = json<{ url: string; duration: string }>(
      await cli(["recording", "get", meetingId, "--json"]),
    );
    expect(recording.url).toMatch(/^https:\/\//);
    expect(Number(recording.duration)).toBeGreaterThanOrEqual(120_000);

    const owner = await tokenOf(users[0]!);
    const shared = await cli(["recording", "share", meetingId, "--tenant", "--user-token", owner]);
    expect(shared.code).toBe(0);
    expect(shared.stdout).toContain("tenant");
  });

  it("refuses bad recording and meeting arguments with one line naming the flag", async () => {
    const token = ["--user-token", "u-anything"];
    expectUsageError(
      await cli(["recording", "start", meetingId, "--timezone", "13", ...token]),
      "--timezone",
    );
    expectUsageError(await cli(["recording", "share", meetingId, ...token]), "--user, --group");
    expectUsageError(await cli(["recording", "stop", meetingId]), "--user-token");
    expectUsageError(await cli(["meeting", "list", "--meeting-no", "12345"]), "--meeting-no");
    expectUsageError(
      await cli(["meeting", "list", "--meeting-no", meetingNo, "--from", "last week"]),
      "--from",
    );
    expectUsageError(await cli(["meeting", "set-host", meetingId]), "--host");
    expectUsageError(await cli(["meeting", "get", meetingId, "--colour"]), "--colour");
  });
});

describe("feishu-vc reserve delete", () => {
  it("deletes with --yes; the reservation is gone", async () => {
    const deleted = await cli(["reserve", "delete", reserveId, "--yes"]);
    expect(deleted.code).toBe(0);
    const after = await cli(["reserve", "get", reserveId]);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/121004/);
  });
});
