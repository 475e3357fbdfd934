/**
 * The reports and exports families and the export helper against the emulator (issue 20): typed
 * numbers from string wires, windows refused before any call, runExport under faults (a task
 * that fails, a download dropped mid-file, a 429), atomic writes that never leave a partial file,
 * typed rows that agree with the daily report and with what was booked.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Workbook } from "exceljs";
import {
  createClient,
  fetchExportRows,
  isArgumentError,
  isExportFailedError,
  isExportFileError,
  isFeishuApiError,
  isTransportError,
  readExportRows,
  runExport,
  type ExportProgress,
  type FeishuVcClient,
} from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
let emulator: EmulatorProcess;
let client: FeishuVcClient;
let rootLevelId: string;
const rooms: { id: string; name: string }[] = [];
let dir: string;

async function control<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

/** Every file in the test's directory, hidden temp files included. */
const filesIn = (folder: string): string[] => fs.readdirSync(folder).sort();
const callsOf = (key: string): number => client.stats().calls[key] ?? 0;

/** A window of the last `days` days, ending now. */
const lastDays = (days: number): { startTime: Date; endTime: Date } => ({
  startTime: new Date(Date.now() - days * DAY_MS),
  endTime: new Date(),
});

beforeAll(async () => {
  emulator = await startEmulatorProcess({ noRateLimit: true });
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  rootLevelId = (await client.roomLevels.get("0")).room_level_id;
  for (const name of ["Alpha", "Beta", "Gamma", "Delta"]) {
    const room = await client.rooms.create({ name, capacity: 8, room_level_id: rootLevelId });
    rooms.push({ id: room.room_id, name });
  }
  await control("POST", "history", { days: 40, seed: 20 });
  // Short enough for tests, long enough that the helper polls more than once.
  await control("POST", "exports/config", { delay_ms: 600 });
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-exports-test-"));
});

afterEach(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await control("POST", "exports/config", {
    delay_ms: 600,
    fail_next: 0,
    drop_next_downloads: 0,
  });
  await emulator.control.resetFaults();
});

afterAll(async () => {
  await emulator?.stop();
});

describe("reports", () => {
  it("converts the daily report's string numbers to numbers whose days add up to the totals", async () => {
    const daily = await client.reports.getDaily(lastDays(30));
    expect(typeof daily.totalMeetingCount).toBe("number");
    expect(daily.totalMeetingCount).toBeGreaterThan(0);
    expect(daily.days.length).toBeGreaterThan(0);
    for (const day of daily.days) {
      expect(day.date).toBeInstanceOf(Date);
      expect(Number.isNaN(day.date.getTime())).toBe(false);
    }
    const sum = (pick: (day: (typeof daily.days)[number]) => number): number =>
      daily.days.reduce((total, day) => total + pick(day), 0);
    expect(sum((day) => day.meetingCount)).toBe(daily.totalMeetingCount);
    expect(sum((day) => day.meetingDurationSec)).toBe(daily.totalMeetingDurationSec);
    expect(sum((day) => day.participantCount)).toBe(daily.totalParticipantCount);
  });

  it("agrees with the meeting_list export of the same window (count, duration, participants)", async () => {
    const window = lastDays(20);
    const daily = await client.reports.getDaily(window);
    const meetings = await fetchExportRows(client, { kind: "meeting_list", params: window });
    expect(meetings).toHaveLength(daily.totalMeetingCount);
    expect(meetings.reduce((total, m) => total + m.durationSec, 0)).toBe(
      daily.totalMeetingDurationSec,
    );
    expect(meetings.reduce((total, m) => total + m.participants, 0)).toBe(
      daily.totalParticipantCount,
    );
  });

  it("ranks top users by count or duration, descending, as numbers", async () => {
    const byCount = await client.reports.getTopUsers({
      ...lastDays(30),
      limit: 5,
      orderBy: "count",
    });
    expect(byCount.length).toBeGreaterThan(0);
    expect(byCount.length).toBeLessThanOrEqual(5);
    const counts = byCount.map((user) => user.meetingCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const byDuration = await client.reports.getTopUsers({
      ...lastDays(30),
      limit: 100,
      orderBy: "duration",
    });
    const minutes = byDuration.map((user) => user.meetingDurationMin);
    expect(minutes).toEqual([...minutes].sort((a, b) => b - a));
    expect(byDuration.every((user) => typeof user.userType === "number" && user.id !== "")).toBe(
      true,
    );
  });

  it("surfaces 400/122359 when rooms are in the list and user_id is asked for", async () => {
    const all = await client.reports.getTopUsers({ ...lastDays(30), limit: 100, orderBy: "count" });
    // The seeded meetings have rooms among their participants: the precondition of 122359.
    expect(all.some((user) => user.userType === 2)).toBe(true);
    const error = await failure(
      client.reports.getTopUsers({
        ...lastDays(30),
        limit: 100,
        orderBy: "count",
        userIdType: "user_id",
      }),
    );
    expect(isFeishuApiError(error) && error.code).toBe(122359);
    expect(isFeishuApiError(error) && error.httpStatus).toBe(400);
  });

  it("refuses windows beyond the API's limits before any call, naming the field", async () => {
    const key = "GET /open-apis/vc/v1/reports/get_daily";
    const before = callsOf(key);
    const topUsersBefore = callsOf("GET /open-apis/vc/v1/reports/get_top_user");
    const cases: [Promise<unknown>, string][] = [
      [
        client.reports.getDaily({
          startTime: new Date(Date.now() - 91 * DAY_MS),
          endTime: new Date(),
        }),
        "start_time",
      ],
      [
        client.reports.getDaily({ startTime: new Date(), endTime: new Date(Date.now() - DAY_MS) }),
        "start_time",
      ],
      [
        client.reports.getDaily({
          startTime: new Date(),
          endTime: new Date(Date.now() + 3 * DAY_MS),
        }),
        "end_time",
      ],
      [client.reports.getDaily({ startTime: new Date("nope"), endTime: new Date() }), "start_time"],
      [client.reports.getTopUsers({ ...lastDays(5), limit: 101, orderBy: "count" }), "limit"],
    ];
    for (const [call, field] of cases) {
      const error = await failure(call);
      expect(isArgumentError(error) && error.field).toBe(field);
    }
    expect(callsOf(key)).toBe(before);
    expect(callsOf("GET /open-apis/vc/v1/reports/get_top_user")).toBe(topUsersBefore);
  });
});

describe("exports", () => {
  it("runs a meeting_list export to a file and reads it into typed rows", async () => {
    const progress: ExportProgress[] = [];
    const outFile = path.join(dir, "meetings.xlsx");
    const result = await runExport(
      client,
      { kind: "meeting_list", params: lastDays(30) },
      { outFile, onProgress: (p) => progress.push(p) },
    );
    expect(result.file).toBe(outFile);
    expect(result.bytes).toBe(fs.statSync(outFile).size);
    expect(filesIn(dir)).toEqual(["meetings.xlsx"]);
    // The task was polled while processing (600 ms delay, first poll after 250 ms).
    expect(progress.filter((p) => p.phase === "processing").length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ phase: "done", bytes: result.bytes });
    const rows = await readExportRows("meeting_list", outFile);
    expect(rows.length).toBeGreaterThan(0);
    const roomIds = new Set(rooms.map((room) => room.id));
    for (const row of rows) {
      expect(row.meetingNo).toMatch(/^\d{9}$/);
      expect(row.start.getTime()).toBeLessThan(row.end.getTime());
      expect(row.durationSec).toBe((row.end.getTime() - row.start.getTime()) / 1000);
      expect(row.participants).toBeGreaterThan(0);
      for (const id of row.roomIds) expect(roomIds.has(id)).toBe(true);
    }
    expect(rows.some((row) => row.roomIds.length > 0)).toBe(true);
  });

  it("exports a room's bookings exactly as they were booked, including upcoming ones", async () => {
    const room = rooms[0]!;
    const added = {
      room_id: room.id,
      start_time: Math.floor(Date.now() / 1000) + 5 * 86_400,
      end_time: Math.floor(Date.now() / 1000) + 5 * 86_400 + 3600,
      topic: "Planning",
      guests: 6,
    };
    await control("POST", "bookings", added);
    const booked = (
      await control<{ bookings: { start: number; end: number }[] }>("GET", `bookings/${room.id}`)
    ).bookings;
    const window = {
      startTime: new Date(Date.now() - 60 * DAY_MS),
      endTime: new Date(Date.now() + 30 * DAY_MS),
    };
    const rows = await fetchExportRows(client, {
      kind: "resource_reservation_list",
      params: { roomLevelId: rootLevelId, ...window, roomIds: [room.id], needTopic: true },
    });
    const inWindow = booked.filter(
      (b) =>
        b.start * 1000 >= window.startTime.getTime() && b.start * 1000 < window.endTime.getTime(),
    );
    expect(rows.every((row) => row.roomId === room.id && row.roomName === room.name)).toBe(true);
    const key = (start: number, end: number): string => `${start}-${end}`;
    expect(
      rows.map((row) => key(row.start.getTime() / 1000, row.end.getTime() / 1000)).sort(),
    ).toEqual(inWindow.map((b) => key(b.start, b.end)).sort());
    const planning = rows.find((row) => row.start.getTime() / 1000 === added.start_time);
    expect(planning).toMatchObject({ topic: "Planning", guests: 6, status: "booked" });
  });

  it("exports a meeting's participants and one participant's call quality", async () => {
    const meetings = await fetchExportRows(client, { kind: "meeting_list", params: lastDays(30) });
    const meeting = meetings.find((m) => m.roomIds.length > 0)!;
    const window = {
      meetingStartTime: new Date(meeting.start.getTime() - 60_000),
      meetingEndTime: new Date(meeting.end.getTime() + 60_000),
    };
    const participants = await fetchExportRows(client, {
      kind: "participant_list",
      params: { ...window, meetingNo: meeting.meetingNo },
    });
    expect(participants.length).toBeGreaterThan(0);
    const room = participants.find((p) => p.userType === 2 && p.roomId !== undefined)!;
    expect(meeting.roomIds).toContain(room.roomId);
    expect(room.leaveTime.getTime()).toBeGreaterThan(room.joinTime.getTime());
    const quality = await fetchExportRows(client, {
      kind: "participant_quality_list",
      params: {
        ...window,
        meetingNo: meeting.meetingNo,
        joinTime: room.joinTime,
        roomId: room.roomId!,
      },
    });
    expect(quality.length).toBeGreaterThan(0);
    for (const minute of quality) {
      expect(minute.time).toBeInstanceOf(Date);
      expect(typeof minute.latencyMs).toBe("number");
      expect(minute.packetLossPercent).toBeGreaterThanOrEqual(0);
    }
  });

  it("turns a failed task into ExportFailedError with its fail_msg, and writes nothing", async () => {
    await control("POST", "exports/config", { fail_next: 1 });
    const outFile = path.join(dir, "failed.xlsx");
    const error = await failure(
      runExport(client, { kind: "meeting_list", params: lastDays(10) }, { outFile }),
    );
    expect(isExportFailedError(error)).toBe(true);
    expect(isExportFailedError(error) && error.failMsg).not.toBe("");
    expect((error as Error).message).toContain(isExportFailedError(error) ? error.failMsg : "?");
    expect(filesIn(dir)).toEqual([]);
  });

  it("asks again after a download dropped mid-file, and leaves only the complete file", async () => {
    await control("POST", "exports/config", { drop_next_downloads: 1 });
    const outFile = path.join(dir, "dropped-once.xlsx");
    const downloads = callsOf("GET /open-apis/vc/v1/exports/download");
    const result = await runExport(
      client,
      { kind: "meeting_list", params: lastDays(10) },
      { outFile },
    );
    expect(callsOf("GET /open-apis/vc/v1/exports/download")).toBe(downloads + 2);
    expect(filesIn(dir)).toEqual(["dropped-once.xlsx"]);
    expect(fs.statSync(outFile).size).toBe(result.bytes);
    expect((await readExportRows("meeting_list", outFile)).length).toBeGreaterThan(0);
  });

  it("gives up after repeated drops with a transport error and no partial file", async () => {
    await control("POST", "exports/config", { drop_next_downloads: 5 });
    const outFile = path.join(dir, "dropped.xlsx");
    const error = await failure(
      runExport(client, { kind: "meeting_list", params: lastDays(10) }, { outFile }),
    );
    expect(isTransportError(error)).toBe(true);
    expect(filesIn(dir)).toEqual([]);
  });

  it("waits out a 429 on the task poll and on the download", async () => {
    const throttled = client.stats().rateLimited;
    await emulator.control.injectFault({
      endpoint: "GET /open-apis/vc/v1/exports/:task_id",
      kind: "rate-limit",
      times: 1,
    });
    await emulator.control.injectFault({
      endpoint: "GET /open-apis/vc/v1/exports/download",
      kind: "rate-limit",
      times: 1,
    });
    const outFile = path.join(dir, "throttled.xlsx");
    const result = await runExport(
      client,
      { kind: "meeting_list", params: lastDays(10) },
      { outFile },
    );
    expect(client.stats().rateLimited).toBe(throttled + 2);
    expect(fs.statSync(outFile).size).toBe(result.bytes);
  });

  it("refuses an existing file unless forced, and a missing directory, before any call", async () => {
    const outFile = path.join(dir, "exists.xlsx");
    fs.writeFileSync(outFile, "keep me");
    const creates = callsOf("POST /open-apis/vc/v1/exports/meeting_list");
    const exists = await failure(
      runExport(client, { kind: "meeting_list", params: lastDays(10) }, { outFile }),
    );
    expect(isExportFileError(exists) && exists.message).toMatch(/already exists/);
    const missingDir = await failure(
      runExport(
        client,
        { kind: "meeting_list", params: lastDays(10) },
        { outFile: path.join(dir, "nope", "x.xlsx") },
      ),
    );
    expect(isExportFileError(missingDir) && missingDir.message).toMatch(/does not exist/);
    expect(callsOf("POST /open-apis/vc/v1/exports/meeting_list")).toBe(creates);
    expect(fs.readFileSync(outFile, "utf8")).toBe("keep me");

    await runExport(
      client,
      { kind: "meeting_list", params: lastDays(10) },
      { outFile, force: true },
    );
    expect(fs.readFileSync(outFile).subarray(0, 2).toString()).toBe("PK");
    expect(filesIn(dir)).toEqual(["exists.xlsx"]);
  });

  it("refuses bad export parameters before any call, naming the field", async () => {
    const before = Object.values(client.stats().calls).reduce((a, b) => a + b, 0);
    const cases: [Promise<unknown>, string][] = [
      [
        client.exports.createMeetingList({
          startTime: new Date(Date.now() - 91 * DAY_MS),
          endTime: new Date(),
        }),
        "start_time",
      ],
      [
        client.exports.createMeetingList({
          startTime: new Date(),
          endTime: new Date(Date.now() - DAY_MS),
        }),
        "start_time",
      ],
      [
        client.exports.createMeetingList({
          ...lastDays(5),
          meetingNo: "123456789",
          roomId: rooms[0]!.id,
        }),
        "room_id",
      ],
      [client.exports.createMeetingList({ ...lastDays(5), meetingNo: "12345" }), "meeting_no"],
      [
        client.exports.createParticipantQualityList({
          meetingStartTime: new Date(Date.now() - DAY_MS),
          meetingEndTime: new Date(),
          meetingNo: "123456789",
          joinTime: new Date(),
        }),
        "user_id",
      ],
      [
        client.exports.createResourceReservationList({
          roomLevelId: rootLevelId,
          startTime: new Date(),
          endTime: new Date(Date.now() + 100 * DAY_MS),
        }),
        "start_time",
      ],
      [
        client.exports.createResourceReservationList({
          roomLevelId: "",
          ...lastDays(5),
        }),
        "room_level_id",
      ],
    ];
    for (const [call, field] of cases) {
      const error = await failure(call);
      expect(isArgumentError(error) && error.field).toBe(field);
    }
    expect(Object.values(client.stats().calls).reduce((a, b) => a + b, 0)).toBe(before);
  });

  it("answers 404/121004 for an unknown task and an unknown file token", async () => {
    const task = await failure(client.exports.getTask("7000000000000000000"));
    expect(isFeishuApiError(task) && [task.httpStatus, task.code]).toEqual([404, 121004]);
    const download = await failure(client.exports.download("boxcnnosuchtoken"));
    expect(isFeishuApiError(download) && [download.httpStatus, download.code]).toEqual([
      404, 121004,
    ]);
  });
});

describe("readExportRows", () => {
  it("refuses a file lacking a header, in one line naming it", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("会议明细");
    sheet.addRow(["会议ID", "会议主题", "会议组织者", "用户ID", "会议开始时间", "会议结束时间"]);
    sheet.addRow([
      "123456789",
      "x",
      "y",
      "z",
      "2026.12.01 09:00:00 (GMT+08:00)",
      "2026.12.01 10:00:00 (GMT+08:00)",
    ]);
    const file = path.join(dir, "short.xlsx");
    await workbook.xlsx.writeFile(file);
    const error = await failure(readExportRows("meeting_list", file));
    expect(isExportFileError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('missing header "会议持续时间"');
    expect(message.split("\n")).toHaveLength(1);
  });

  it("reads times in their stated zone and refuses a cell of the wrong type, naming row and column", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("会议质量");
    sheet.addRow([
      "时间",
      "参会人",
      "网络延迟(ms)",
      "抖动(ms)",
      "丢包率(%)",
      "音频码率(kbps)",
      "视频码率(kbps)",
    ]);
    sheet.addRow(["2026.12.01 09:30 (GMT+08:00)", "Ann", 40, 3, 0.5, 32, 900]);
    const good = path.join(dir, "quality.xlsx");
    await workbook.xlsx.writeFile(good);
    const [row] = await readExportRows("participant_quality_list", good);
    expect(row).toEqual({
      time: new Date("2026-12-01T01:30:00Z"),
      participant: "Ann",
      latencyMs: 40,
      jitterMs: 3,
      packetLossPercent: 0.5,
      audioKbps: 32,
      videoKbps: 900,
    });
    sheet.addRow(["2026.12.01 09:31 (GMT+08:00)", "Ann", "fast", 3, 0.5, 32, 900]);
    const bad = path.join(dir, "bad.xlsx");
    await workbook.xlsx.writeFile(bad);
    const error = await failure(readExportRows("participant_quality_list", bad));
    expect((error as Error).message).toMatch(/row 3, column "网络延迟\(ms\)": expected a number/);
  });

  it("refuses a file that is not a whole spreadsheet, in one line, without waiting", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("会议质量");
    sheet.addRow(["时间", "参会人"]);
    for (let i = 0; i < 2000; i += 1)
      sheet.addRow([`2026.12.01 09:${i % 60} (GMT+08:00)`, `参会人${i}`]);
    const whole = await workbook.xlsx.writeBuffer();
    const cut = path.join(dir, "cut.xlsx");
    fs.writeFileSync(cut, Buffer.from(whole).subarray(0, Math.floor(whole.byteLength / 2)));
    const text = path.join(dir, "text.xlsx");
    fs.writeFileSync(text, "会议ID,会议主题\n");
    for (const file of [cut, text, dir, path.join(dir, "absent.xlsx")]) {
      const error = await failure(readExportRows("participant_quality_list", file));
      expect(isExportFileError(error)).toBe(true);
      expect((error as Error).message).toContain(`${file}: is not a readable .xlsx export`);
      expect((error as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("reads a large file whole: no character cut where the streamed file's chunks meet", async () => {
    // ~4 MB of sheet XML, mostly 3-byte characters: the reader sees it in many chunks, and a
    // chunk boundary falls inside a character many times over.
    const headers = ["会议ID", "会议主题", "会议组织者", "用户ID", "会议开始时间", "会议结束时间"];
    const more = ["会议持续时间", "参会人数量", "会议室", "会议室ID"];
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("会议明细");
    sheet.addRow([...headers, ...more]);
    const count = 6000;
    const topic = (i: number): string => `第${i}次季度经营分析与产品路线评审会议（华东区）`;
    for (let i = 0; i < count; i += 1)
      sheet.addRow([
        String(100_000_000 + i),
        topic(i),
        `组织者${i % 97}号`,
        `ou_${i % 97}`,
        "2026.12.01 09:00:00 (GMT+08:00)",
        "2026.12.01 10:00:00 (GMT+08:00)",
        "01:00:00",
        3,
        `第${i % 50}会议室、大会议厅`,
        `omm_${i % 50},omm_big`,
      ]);
    const file = path.join(dir, "large.xlsx");
    await workbook.xlsx.writeFile(file);
    const rows = await readExportRows("meeting_list", file);
    expect(rows).toHaveLength(count);
    const wrong = rows.filter(
      (row, i) =>
        row.topic !== topic(i) ||
        row.organizer !== `组织者${i % 97}号` ||
        row.roomNames.join("|") !== `第${i % 50}会议室|大会议厅`,
    );
    expect(wrong).toEqual([]);
  });
});
