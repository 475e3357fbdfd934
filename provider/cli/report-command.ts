/**
 * `feishu-vc report daily|top-users` (reference 3.4, issue 20): the tenant's meeting statistics
 * over a window of the last 90 days, as a table, `--json` or `--csv`. The window is checked
 * before any call (start before end, within the last 90 days).
 */
import type { Command } from "commander";
import { TOP_USERS_LIMIT_MAX } from "../client";
import {
  integerFlag,
  rowsTable,
  runApiCommand,
  UsageError,
  userIdQuery,
  withApiOptions,
  withUserIdType,
  type ApiOptions,
} from "./api-command";
import { toCsv } from "./csv-output";
import { DEFAULT_UTC_OFFSET, dateFlag, dayText, utcOffsetMinutes } from "./date-flags";

interface ReportOptions extends ApiOptions {
  from?: string;
  to?: string;
  csv?: boolean;
  utcOffset: string;
}

/** Which flag a refused field came from. */
const FLAGS = {
  start_time: "--from",
  end_time: "--to",
  limit: "--limit",
  order_by: "--order-by",
  unit: "--unit",
};

const TOP_USERS_DEFAULT = 10;

function withWindow(command: Command): Command {
  return command
    .option("--from <date>", "first day (YYYY-MM-DD) or instant (ISO 8601 with a zone); required")
    .option("--to <date>", "last day, whole (YYYY-MM-DD), or end instant (ISO 8601); required")
    .option(
      "--utc-offset <offset>",
      "time zone of YYYY-MM-DD dates and of the table's days",
      DEFAULT_UTC_OFFSET,
    )
    .option("--csv", "print CSV instead of a table");
}

/** The window of `--from`/`--to`, and the offset days are read and printed in. */
function windowOf(options: ReportOptions): { startTime: Date; endTime: Date; offset: number } {
  if (options.json === true && options.csv === true)
    throw new UsageError("--csv and --json cannot be combined: choose one output");
  const offset = utcOffsetMinutes("--utc-offset", options.utcOffset);
  return {
    startTime: dateFlag("--from", options.from, "start", offset),
    endTime: dateFlag("--to", options.to, "end", offset),
    offset,
  };
}

export function registerReportCommand(program: Command, setExitCode: (code: number) => void): void {
  const report = program
    .command("report")
    .description("meeting statistics of the tenant over the last 90 days (reports API)");

  withApiOptions(
    withWindow(
      report.command("daily").description("meetings, time in meetings and participants per day"),
    ),
    "none",
  ).action((options: ReportOptions) =>
    runApiCommand(
      "report daily",
      options,
      setExitCode,
      async (client) => {
        const { offset, ...window } = windowOf(options);
        const daily = await client.reports.getDaily(window);
        const columns = ["date", "meetings", "duration_s", "participants"];
        const rows = daily.days.map((day) => [
          dayText(day.date, offset),
          day.meetingCount,
          day.meetingDurationSec,
          day.participantCount,
        ]);
        const total = [
          "total",
          daily.totalMeetingCount,
          daily.totalMeetingDurationSec,
          daily.totalParticipantCount,
        ];
        const table =
          options.csv === true
            ? (await toCsv(columns, [...rows, total])).trimEnd()
            : rowsTable(
                columns,
                [...rows, total].map((row) =>
                  Object.fromEntries(columns.map((column, index) => [column, row[index]])),
                ),
              );
        return { table, json: daily };
      },
      FLAGS,
    ),
  );

  withUserIdType(
    withApiOptions(
      withWindow(
        report
          .command("top-users")
          .description("the most active users (and rooms) by meetings or time in meetings")
          .option("--limit <n>", `how many (1-${TOP_USERS_LIMIT_MAX})`, String(TOP_USERS_DEFAULT))
          .option("--order-by <what>", "count (meetings) or duration (minutes)", "count"),
      ),
      "none",
    ),
  ).action((options: ReportOptions & { limit: string; orderBy: string }) =>
    runApiCommand(
      "report top-users",
      options,
      setExitCode,
      async (client) => {
        const { startTime, endTime } = windowOf(options);
        const limit = integerFlag("--limit", options.limit, 1, TOP_USERS_LIMIT_MAX);
        if (options.orderBy !== "count" && options.orderBy !== "duration")
          throw new UsageError(`--order-by must be count or duration, got "${options.orderBy}"`);
        const { user_id_type: userIdType } = userIdQuery(options);
        const users = await client.reports.getTopUsers({
          startTime,
          endTime,
          limit,
          orderBy: options.orderBy,
          ...(userIdType === undefined ? {} : { userIdType }),
        });
        const columns = ["rank", "name", "id", "user_type", "meetings", "duration_min"];
        const rows = users.map((user, index) => [
          index + 1,
          user.name,
          user.id,
          user.userType,
          user.meetingCount,
          user.meetingDurationMin,
        ]);
        const table =
          options.csv === true
            ? (await toCsv(columns, rows)).trimEnd()
            : rowsTable(
                columns,
                rows.map((row) =>
                  Object.fromEntries(columns.map((column, index) => [column, row[index]])),
                ),
              );
        return { table, json: users };
      },
      FLAGS,
    ),
  );
}
