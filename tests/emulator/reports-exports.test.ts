/**
 * Reports (reference 3.4) and exports (3.5) through the official Lark SDK, over a seeded history:
 * success and documented errors of every endpoint, the task lifecycle (processing, done, failed,
 * dropped download, expiry), and the consistency rules of issue #20 — the daily report agrees with
 * the meeting_list export, top users with the participant exports, and a room's
 * resource_reservation_list rows with what was booked.
 */
import type { Readable } from "node:stream";
import type * as lark from "@larksuiteoapi/node-sdk";
import ExcelJS from "exceljs";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { BookingRecord } from "../../emulator/store/history-generator";
import { asUser, control, failure, sdkClient, users, type DirectoryUser } from "./sdk-helpers";

const DAY = 86_400;
let emulator: RunningEmulator;
let client: lark.Client;
let people: DirectoryUser[];
let levelId: string;
let roomIds: string[];
let now: number;

type Row = Record<string, string | number>;

async function bufferOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The rows of an .xlsx file, keyed by the header row; also answers the sheet name. */
async function readXlsx(bytes: Buffer): Promise<{ sheet: string; headers: string[]; rows: Row[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Row[] = [];
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(
      Object.fromEntries(
        headers.map((h, i): [string, string | number] => [h, (values[i] ?? "") as string | number]),
      ),
    );
  });
  return { sheet: sheet.name, headers, rows };
}

/** Polls a task until it leaves "processing". */
async function settle(
  taskId: string,
  sdk = client,
  options?: Parameters<lark.Client["vc"]["export"]["get"]>[1],
): Promise<{ status: number; file_token?: string; fail_msg?: string; url?: string }> {
  for (;;) {
    const answer = await sdk.vc.export.get({ path: { task_id: taskId } }, options);
    if (answer.data!.status !== 1) return answer.data!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a created task to its file and reads it. */
async function exported(
  created: Promise<{ data?: { task_id?: string } }>,
): Promise<{ sheet: string; headers: string[]; rows: Row[] }> {
  const taskId = (await created).data!.task_id!;
  const done = await settle(taskId);
  expect(done.status).toBe(3);
  const file = await client.vc.export.download({ params: { file_token: done.file_token! } });
  const headers = file.headers as Record<string, string>;
  expect(headers["content-type"]).toBe(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
  return readXlsx(await bufferOf(file.getReadableStream()));
}

/** A download's error body: the SDK hands back the stream of a binary endpoint, errors included. */
async function downloadFailure(call: Promise<unknown>): Promise<{ status: number; code: number }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: Readable } }).response;
    if (response === undefined) throw error;
    const body = JSON.parse((await bufferOf(response.data)).toString("utf8")) as { code: number };
    return { status: response.status, code: body.code };
  }
  throw new Error("the download succeeded");
}

const seconds = (duration: string | number): number => {
  const [h, m, s] = String(duration).split(":").map(Number);
  return h! * 3600 + m! * 60 + s!;
};
const str = (n: number): string => String(n);

beforeAll(async () => {
  emulator = await startEmulator({ noRateLimit: true, exportDelayMs: 100 });
  client = sdkClient(emulator);
  people = await users(emulator);
  const root = await client.vc.roomLevel.get({ path: { room_level_id: "0" } });
  const level = await client.vc.roomLevel.create({
    data: { name: "HQ", parent_id: root.data!.room_level!.room_level_id! },
  });
  levelId = level.data!.room_level!.room_level_id!;
  roomIds = [];
  for (const name of ["Everest", "K2", "Lhotse", "Makalu"]) {
    const room = await client.vc.room.create({
      data: { name, capacity: 10, room_level_id: levelId },
    });
    roomIds.push(room.data!.room!.room_id!);
  }
  now = Math.floor(Date.now() / 1000);
  // Makalu (the last room) is left out of the seeding: its bookings are added one by one.
  await control(emulator, "POST", "history", {
    days: 60,
    seed: 2026,
    room_ids: roomIds.slice(0, 3),
  });
});
afterAll(async () => {
  await emulator.close();
});

describe("get_daily", () => {
  it("agrees with the meeting_list export of the same window", async () => {
    const params = { start_time: str(now - 30 * DAY), end_time: str(now) };
    const report = (await client.vc.report.getDaily({ params })).data!.meeting_report!;
    const days = report.daily_report!;
    expect(days.length).toBeGreaterThanOrEqual(30);
    for (const day of days) {
      for (const value of Object.values(day)) expect(value).toMatch(/^\d+$/);
    }
    const sum = (field: "meeting_count" | "meeting_duration" | "participant_count"): string =>
      String(days.reduce((total, day) => total + Number(day[field]), 0));
    expect(report.total_meeting_count).toBe(sum("meeting_count"));
    expect(report.total_meeting_duration).toBe(sum("meeting_duration"));
    expect(report.total_participant_count).toBe(sum("participant_count"));
    // Not vacuous: meetings were held. How many depends on the rooms' random ids (each room's
    // share of the seed), so no fixed floor beyond one: three seeded rooms held 19 to 60+.
    expect(Number(report.total_meeting_count)).toBeGreaterThan(0);

    const file = await exported(client.vc.export.meetingList({ data: params }));
    expect(file.sheet).toBe("会议明细");
    expect(file.rows).toHaveLength(Number(report.total_meeting_count));
    const duration = file.rows.reduce((total, row) => total + seconds(row["会议持续时间"]!), 0);
    expect(String(duration)).toBe(report.total_meeting_duration);
    const participants = file.rows.reduce((total, row) => total + Number(row["参会人数量"]), 0);
    expect(String(participants)).toBe(report.total_participant_count);
    expect(file.rows[0]!["会议开始时间"]).toMatch(
      /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2} \(GMT\+08:00\)$/,
    );
    expect(typeof file.rows[0]!["参会人数量"]).toBe("number");
    expect(String(file.rows[0]!["会议ID"])).toMatch(/^\d{9}$/);
    expect(roomIds).toContain(file.rows[0]!["会议室ID"]);
  });

  it("refuses windows beyond the last 90 days, end before start, user tokens", async () => {
    const cases = [
      { start_time: str(now - 91 * DAY), end_time: str(now) },
      { start_time: str(now - DAY), end_time: str(now - 2 * DAY) },
      { start_time: str(now - DAY), end_time: str(now + 3 * DAY) },
      { start_time: str(now - DAY), end_time: str(now), unit: 9 },
    ];
    for (const params of cases) {
      expect(await failure(client.vc.report.getDaily({ params }))).toMatchObject({
        status: 400,
        code: 121003,
      });
    }
    const asAdmin = await asUser(emulator, people[0]!.user_id);
    const params = { start_time: str(now - DAY), end_time: str(now) };
    expect(await failure(client.vc.report.getDaily({ params }, asAdmin))).toMatchObject({
      status: 400,
      code: 99991668,
    });
  });
});

describe("get_top_user", () => {
  it("agrees with the participant_list exports of the window's meetings", async () => {
    const window = { start_time: str(now - 4 * DAY), end_time: str(now) };
    const meetings = await exported(client.vc.export.meetingList({ data: window }));
    expect(meetings.rows.length).toBeGreaterThan(0);
    const tally = new Map<string, { count: number; seconds: number; name: string }>();
    const lists = await Promise.all(
      meetings.rows.map((row) =>
        exported(
          client.vc.export.participantList({
            data: {
              meeting_start_time: window.start_time,
              meeting_end_time: window.end_time,
              meeting_no: String(row["会议ID"]),
            },
            params: { user_id_type: "open_id" },
          }),
        ),
      ),
    );
    for (const list of lists) {
      expect(list.sheet).toBe("参会人明细");
      for (const row of list.rows) {
        const id = String(row["用户ID"] || row["会议室ID"]);
        const entry = tally.get(id) ?? { count: 0, seconds: 0, name: String(row["参会人"]) };
        entry.count += 1;
        entry.seconds += seconds(row["参会时长"]!);
        tally.set(id, entry);
      }
    }
    const top = (
      await client.vc.report.getTopUser({ params: { ...window, limit: 100, order_by: 2 } })
    ).data!.top_user_report!;
    expect(top).toHaveLength(tally.size);
    for (const user of top) {
      const entry = tally.get(user.id!)!;
      expect(user).toEqual({
        id: user.id,
        name: entry.name,
        user_type: people.some((p) => p.open_id === user.id) ? 1 : 2,
        meeting_count: String(entry.count),
        meeting_duration: String(Math.floor(entry.seconds / 60)),
      });
    }
    const minutes = top.map((u) => Number(u.meeting_duration));
    expect([...minutes].sort((a, b) => b - a)).toEqual(minutes);
    const byCount = (
      await client.vc.report.getTopUser({ params: { ...window, limit: 3, order_by: 1 } })
    ).data!.top_user_report!;
    expect(byCount).toHaveLength(3);
    expect(Number(byCount[0]!.meeting_count)).toBe(
      Math.max(...[...tally.values()].map((e) => e.count)),
    );
  });

  it("answers 122359 for user_id ids when rooms are in the list, and checks limit and order_by", async () => {
    const window = { start_time: str(now - 10 * DAY), end_time: str(now) };
    expect(
      await failure(
        client.vc.report.getTopUser({
          params: { ...window, limit: 100, order_by: 1, user_id_type: "user_id" },
        }),
      ),
    ).toMatchObject({ status: 400, code: 122359 });
    for (const params of [
      { ...window, limit: 0, order_by: 1 },
      { ...window, limit: 101, order_by: 1 },
      { ...window, limit: 10, order_by: 3 },
    ]) {
      expect(await failure(client.vc.report.getTopUser({ params }))).toMatchObject({
        status: 400,
        code: 121003,
      });
    }
  });
});

describe("resource_reservation_list", () => {
  it("holds exactly what was booked in a room, added one by one", async () => {
    const makalu = roomIds[3]!;
    const added = [
      {
        start_time: now - 3 * DAY,
        end_time: now - 3 * DAY + 3600,
        guests: 5,
        accepted: 3,
        topic: "Plan",
      },
      { start_time: now + 2 * DAY, end_time: now + 2 * DAY + 1800, guests: 2, topic: "Sync" },
      // Outside the exported window: not listed.
      { start_time: now - 40 * DAY, end_time: now - 40 * DAY + 1800 },
    ];
    for (const booking of added)
      await control(emulator, "POST", "bookings", {
        room_id: makalu,
        reserver_user_id: people[2]!.user_id,
        ...booking,
      });
    const file = await exported(
      client.vc.export.resourceReservationList({
        data: {
          room_level_id: levelId,
          start_time: str(now - 10 * DAY),
          end_time: str(now + 10 * DAY),
          room_ids: [makalu],
          need_topic: true,
        },
      }),
    );
    expect(file.sheet).toBe("会议室预定数据");
    expect(file.rows).toEqual([
      expect.objectContaining({
        会议室ID: makalu,
        会议室名称: "Makalu",
        会议主题: "Plan",
        预定人: people[2]!.name,
        预定人ID: people[2]!.user_id,
        邀请人数: 5,
        接受人数: 3,
        时长: "01:00:00",
        预定状态: "已预定",
        签到状态: "已签到",
        是否提前释放: "否",
      }),
      expect.objectContaining({ 会议主题: "Sync", 邀请人数: 2, 接受人数: 2, 签到状态: "未签到" }),
    ]);
  });

  it("holds a seeded room's bookings of the window, and is_exclude leaves rooms out", async () => {
    const from = now - 20 * DAY;
    const to = now + 20 * DAY;
    // Room ids are random and a seed leaves a tenth of the rooms never booked: the room read is
    // a seeded one the seed did book, the room left out another (a booked one when there is).
    const seeded = await Promise.all(
      roomIds.slice(0, 3).map(async (roomId) => ({
        roomId,
        booked: (
          await control<{ bookings: BookingRecord[] }>(emulator, "GET", `bookings/${roomId}`)
        ).bookings.filter((b) => b.start >= from && b.start < to),
      })),
    );
    seeded.sort((a, b) => Number(b.booked.length > 0) - Number(a.booked.length > 0));
    const [{ roomId: everest, booked }, { roomId: k2 }] = seeded as [
      (typeof seeded)[number],
      (typeof seeded)[number],
    ];
    expect(booked.length).toBeGreaterThan(0);
    const file = await exported(
      client.vc.export.resourceReservationList({
        data: {
          room_level_id: levelId,
          start_time: str(from),
          end_time: str(to),
          room_ids: [k2],
          is_exclude: true,
        },
      }),
    );
    expect(file.rows.some((row) => row["会议室ID"] === k2)).toBe(false);
    const rows = file.rows.filter((row) => row["会议室ID"] === everest);
    const status = { booked: "已预定", cancelled: "已取消", released: "已释放" };
    expect(
      rows.map((row) => [row["邀请人数"], row["接受人数"], row["预定状态"], row["会议主题"]]),
    ).toEqual(booked.map((b) => [b.guests, b.accepted, status[b.status], ""]));
    expect(new Set(rows.map((row) => row["预定人"]))).not.toContain("");
  });

  it("refuses unknown levels and rooms, long and reversed windows", async () => {
    const window = { start_time: str(now), end_time: str(now + DAY) };
    const cases: [Record<string, unknown>, number, number][] = [
      [{ room_level_id: "omb_unknown", ...window }, 404, 121004],
      [{ room_level_id: levelId, ...window, room_ids: ["omm_unknown"] }, 404, 121004],
      [
        { room_level_id: levelId, start_time: str(now), end_time: str(now + 91 * DAY) },
        400,
        121003,
      ],
      [{ room_level_id: levelId, start_time: str(now), end_time: str(now - DAY) }, 400, 121003],
      [{ room_level_id: levelId, start_time: "soon", end_time: str(now) }, 400, 121003],
    ];
    for (const [data, status, code] of cases) {
      expect(
        await failure(
          client.vc.export.resourceReservationList({
            data: data as Parameters<
              lark.Client["vc"]["export"]["resourceReservationList"]
            >[0] extends { data: infer D } | undefined
              ? D
              : never,
          }),
        ),
      ).toMatchObject({ status, code });
    }
  });
});

describe("participant_list and participant_quality_list", () => {
  it("export a meeting's participants and one participant's quality by the minute", async () => {
    const window = { start_time: str(now - 5 * DAY), end_time: str(now) };
    const meetings = await exported(client.vc.export.meetingList({ data: window }));
    const meetingNo = String(meetings.rows[0]!["会议ID"]);
    const span = { meeting_start_time: window.start_time, meeting_end_time: window.end_time };
    const list = await exported(
      client.vc.export.participantList({
        data: { ...span, meeting_no: meetingNo },
        params: { user_id_type: "user_id" },
      }),
    );
    expect(list.rows).toHaveLength(Number(meetings.rows[0]!["参会人数量"]));
    const user = list.rows.find((row) => row["用户类型"] === "1")!;
    const room = list.rows.find((row) => row["用户类型"] === "2")!;
    expect(room["会议室ID"]).toBe(meetings.rows[0]!["会议室ID"]);
    // The join time as unix seconds, read back from the tenant-time cell.
    const [date, clock] = String(user["入会时间"]).split(" ");
    const joined = Date.parse(`${date!.replace(/\./g, "-")}T${clock}+08:00`) / 1000;
    const quality = await exported(
      client.vc.export.participantQualityList({
        data: {
          ...span,
          meeting_no: meetingNo,
          join_time: str(joined),
          user_id: String(user["用户ID"]),
        },
        params: { user_id_type: "user_id" },
      }),
    );
    expect(quality.sheet).toBe("会议质量");
    expect(quality.headers).toEqual([
      "时间",
      "参会人",
      "网络延迟(ms)",
      "抖动(ms)",
      "丢包率(%)",
      "音频码率(kbps)",
      "视频码率(kbps)",
    ]);
    expect(quality.rows.length).toBe(Math.ceil((seconds(user["参会时长"]!) + (joined % 60)) / 60));
    expect(quality.rows[0]!["时间"]).toMatch(/^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2} \(GMT\+08:00\)$/);
    expect(typeof quality.rows[0]!["网络延迟(ms)"]).toBe("number");

    const unknown = {
      ...span,
      meeting_no: "100000000",
      join_time: str(joined),
      user_id: String(user["用户ID"]),
    };
    expect(
      await failure(
        client.vc.export.participantQualityList({
          data: unknown,
          params: { user_id_type: "user_id" },
        }),
      ),
    ).toMatchObject({ status: 404, code: 121004 });
    expect(
      await failure(
        client.vc.export.participantList({ data: { ...span, meeting_no: "100000000" } }),
      ),
    ).toMatchObject({ status: 404, code: 121004 });
  });
});

describe("export tasks", () => {
  // `now` is set in beforeAll: the window is read when a test runs.
  const lastDay = (): { start_time: string; end_time: string } => ({
    start_time: str(now - DAY),
    end_time: str(now),
  });
  const create = async (): Promise<string> =>
    (await client.vc.export.meetingList({ data: lastDay() })).data!.task_id!;

  afterEach(async () => {
    await control(emulator, "POST", "exports/config", {
      delay_ms: 100,
      fail_next: 0,
      fail_kinds: [],
      drop_next_downloads: 0,
      ttl_ms: 3_600_000,
    });
  });

  it("stay processing for the configured delay, then are done", async () => {
    await control(emulator, "POST", "exports/config", { delay_ms: 800 });
    const taskId = await create();
    expect(taskId).toMatch(/^\d{19}$/);
    expect((await client.vc.export.get({ path: { task_id: taskId } })).data).toEqual({ status: 1 });
    const done = await settle(taskId);
    expect(done).toMatchObject({ status: 3, file_token: expect.any(String) as string });
  });

  it("fail when made to, with a fail_msg", async () => {
    await control(emulator, "POST", "exports/config", { fail_next: 1 });
    expect(await settle(await create())).toMatchObject({
      status: 2,
      fail_msg: expect.stringMatching(/failed/) as string,
    });
    expect((await settle(await create())).status).toBe(3);
    await control(emulator, "POST", "exports/config", { fail_kinds: ["meeting_list"] });
    expect((await settle(await create())).status).toBe(2);
  });

  it("drop a download mid-body when made to; the next download is whole", async () => {
    const done = await settle(await create());
    await control(emulator, "POST", "exports/config", { drop_next_downloads: 1 });
    const dropped = await client.vc.export.download({ params: { file_token: done.file_token! } });
    await expect(bufferOf(dropped.getReadableStream())).rejects.toThrow();
    const whole = await client.vc.export.download({ params: { file_token: done.file_token! } });
    expect((await readXlsx(await bufferOf(whole.getReadableStream()))).sheet).toBe("会议明细");
  });

  it("expire with their files after the ttl on the tenant clock", async () => {
    await control(emulator, "POST", "exports/config", { ttl_ms: 60_000 });
    const taskId = await create();
    const done = await settle(taskId);
    await control(emulator, "POST", "clock", { advance_seconds: 61 });
    expect(await failure(client.vc.export.get({ path: { task_id: taskId } }))).toMatchObject({
      status: 404,
      code: 121004,
    });
    expect(
      await downloadFailure(
        client.vc.export.download({ params: { file_token: done.file_token! } }),
      ),
    ).toEqual({ status: 404, code: 121004 });
    now += 61;
  });

  it("answer 121004 for unknown tasks and tokens, 121005 for other callers and non-admins", async () => {
    expect(
      await failure(client.vc.export.get({ path: { task_id: "7111325589855797267" } })),
    ).toMatchObject({ status: 404, code: 121004 });
    expect(
      await downloadFailure(client.vc.export.download({ params: { file_token: "boxcnnope" } })),
    ).toEqual({ status: 404, code: 121004 });
    const notAdmin = await asUser(emulator, people[3]!.user_id);
    expect(
      await failure(client.vc.export.meetingList({ data: lastDay() }, notAdmin)),
    ).toMatchObject({
      status: 403,
      code: 121005,
    });
    const admin = await asUser(emulator, people[0]!.user_id);
    const theirs = (await client.vc.export.meetingList({ data: lastDay() }, admin)).data!.task_id!;
    const done = await settle(theirs, client, admin);
    expect(done.status).toBe(3);
    expect(await failure(client.vc.export.get({ path: { task_id: theirs } }))).toMatchObject({
      status: 403,
      code: 121005,
    });
    expect(
      await downloadFailure(
        client.vc.export.download({ params: { file_token: done.file_token! } }),
      ),
    ).toEqual({ status: 403, code: 121005 });
  });
});

describe("rate limits", () => {
  it("reports allow 10 per minute, exports 100 per minute", async () => {
    const limited = await startEmulator({ exportDelayMs: 0 });
    try {
      const sdk = sdkClient(limited);
      const t = Math.floor(Date.now() / 1000);
      const params = { start_time: str(t - DAY), end_time: str(t) };
      for (let i = 0; i < 10; i += 1) await sdk.vc.report.getDaily({ params });
      expect(await failure(sdk.vc.report.getDaily({ params }))).toMatchObject({
        status: 429,
        code: 99991400,
      });
      for (let i = 0; i < 100; i += 1)
        await failure(sdk.vc.export.get({ path: { task_id: "7111325589855797267" } }));
      expect(
        await failure(sdk.vc.export.get({ path: { task_id: "7111325589855797267" } })),
      ).toMatchObject({ status: 429, code: 99991400 });
    } finally {
      await limited.close();
    }
  });
});
