/**
 * `feishu-vc meeting get|list|invite|kickout|set-host|end`: live and past meetings (reference 3.2).
 * Invite and end act as a user (`--user-token`); kickout takes the tenant token.
 */
import type { Command } from "commander";
import type { MeetingUser } from "../client";
import {
  collect,
  fieldsTable,
  listFlag,
  optionalUserToken,
  requiredUserToken,
  rowsTable,
  runApiCommand,
  timeFlag,
  UsageError,
  userIdQuery,
  withApiOptions,
  withUserIdType,
  type ApiOptions,
} from "./api-command";

/** Client fields and the flags they come from, for client-side refusals. */
const FLAGS = {
  meeting_id: "<meetingId>",
  meeting_no: "--meeting-no",
  start_time: "--from",
  end_time: "--to",
  invitees: "--user",
  kickout_users: "--user",
  "host_user.id": "--host",
};

const DAY_SECONDS = 24 * 60 * 60;
const users = (ids: string[]): MeetingUser[] => ids.map((id) => ({ id, user_type: 1 }));

export function registerMeetingCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  const meeting = program
    .command("meeting")
    .description("look up and act on meetings (get, list, invite, kickout, set-host, end)");

  withUserIdType(
    withApiOptions(
      meeting
        .command("get <meetingId>")
        .description("a meeting of the last 90 days, with its participants")
        .option("--no-participants", "leave the participant list out"),
      "optional",
    ),
  ).action((meetingId: string, options: ApiOptions & { participants: boolean }) =>
    runApiCommand(
      "meeting get",
      options,
      setExitCode,
      async (client) => {
        const found = await client.meetings.get(
          meetingId,
          { ...userIdQuery(options), with_participants: options.participants },
          optionalUserToken(options),
        );
        const { participants, ...fields } = found;
        const table =
          participants === undefined
            ? fieldsTable(fields)
            : `${fieldsTable(fields)}\n${rowsTable(
                ["id", "user_type", "status", "is_host", "first_join_time", "in_meeting_duration"],
                participants,
              )}`;
        return { table, json: found };
      },
      FLAGS,
    ),
  );

  withApiOptions(
    meeting
      .command("list")
      .description("meetings held under a meeting number (paged through to the end)")
      .option("--meeting-no <no>", "the 9-digit meeting number")
      .option("--from <time>", "window start (ISO 8601 or unix seconds; default 30 days ago)")
      .option("--to <time>", "window end (default now)"),
    "optional",
  ).action((options: ApiOptions & { meetingNo?: string; from?: string; to?: string }) =>
    runApiCommand(
      "meeting list",
      options,
      setExitCode,
      async (client) => {
        if (options.meetingNo === undefined) throw new UsageError("--meeting-no is required");
        if (!/^\d{9}$/.test(options.meetingNo))
          throw new UsageError(`--meeting-no must be 9 digits, got "${options.meetingNo}"`);
        const now = Math.floor(Date.now() / 1000);
        const end = options.to === undefined ? String(now) : timeFlag("--to", options.to);
        const start =
          options.from === undefined
            ? String(now - 30 * DAY_SECONDS)
            : timeFlag("--from", options.from);
        const briefs = await client.meetings.listAllByNo(
          { meeting_no: options.meetingNo, start_time: start, end_time: end },
          optionalUserToken(options),
        );
        return { table: rowsTable(["id", "topic", "meeting_no", "url"], briefs), json: briefs };
      },
      FLAGS,
    ),
  );

  withUserIdType(
    withApiOptions(
      meeting
        .command("invite <meetingId>")
        .description("invite up to 10 users, acting as a participant (user token)")
        .option("--user <id>", "user to invite (repeat, at most 10)", collect),
      "required",
    ),
  ).action((meetingId: string, options: ApiOptions & { user?: string[] }) =>
    runApiCommand(
      "meeting invite",
      options,
      setExitCode,
      async (client) => {
        const invitees = users(listFlag("--user", options.user));
        const token = requiredUserToken(options, "inviting");
        const results = await client.meetings.invite(
          meetingId,
          invitees,
          token,
          userIdQuery(options),
        );
        return { table: rowsTable(["id", "user_type", "status"], results), json: results };
      },
      FLAGS,
    ),
  );

  withUserIdType(
    withApiOptions(
      meeting
        .command("kickout <meetingId>")
        .description("remove participants from a live meeting (tenant token)")
        .option("--user <id>", "participant to remove (repeat for several)", collect),
      "none",
    ),
  ).action((meetingId: string, options: ApiOptions & { user?: string[] }) =>
    runApiCommand(
      "meeting kickout",
      options,
      setExitCode,
      async (client) => {
        const results = await client.meetings.kickout(
          meetingId,
          users(listFlag("--user", options.user)),
          userIdQuery(options),
        );
        return { table: rowsTable(["id", "user_type", "result"], results), json: results };
      },
      FLAGS,
    ),
  );

  withUserIdType(
    withApiOptions(
      meeting
        .command("set-host <meetingId>")
        .description("move the host role; with --old-host, only if that user is still the host")
        .option("--host <id>", "the new host")
        .option("--old-host <id>", "refuse (409) if the host is no longer this user"),
      "optional",
    ),
  ).action((meetingId: string, options: ApiOptions & { host?: string; oldHost?: string }) =>
    runApiCommand(
      "meeting set-host",
      options,
      setExitCode,
      async (client) => {
        if (options.host === undefined || options.host === "")
          throw new UsageError("--host is required");
        const token = optionalUserToken(options);
        const host = await client.meetings.setHost(
          meetingId,
          {
            host_user: { id: options.host, user_type: 1 },
            ...(options.oldHost === undefined
              ? {}
              : { old_host_user: { id: options.oldHost, user_type: 1 } }),
          },
          { ...userIdQuery(options), ...(token === undefined ? {} : { userAccessToken: token }) },
        );
        return { table: fieldsTable({ meeting_id: meetingId, host: host.id }), json: host };
      },
      FLAGS,
    ),
  );

  withApiOptions(
    meeting
      .command("end <meetingId>")
      .description("end a live meeting, acting as its current host (user token)"),
    "required",
  ).action((meetingId: string, options: ApiOptions) =>
    runApiCommand(
      "meeting end",
      options,
      setExitCode,
      async (client) => {
        await client.meetings.end(meetingId, requiredUserToken(options, "ending a meeting"));
        return {
          table: fieldsTable({ meeting_id: meetingId, ended: true }),
          json: { meeting_id: meetingId, ended: true },
        };
      },
      FLAGS,
    ),
  );
}
