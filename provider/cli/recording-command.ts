/**
 * `feishu-vc recording start|stop|get|share` (reference 3.3). Start, stop and share act as a user
 * (`--user-token`): the meeting's host, or the recording's owner for share.
 */
import type { Command } from "commander";
import {
  RECORDING_TIMEZONE_MAX,
  RECORDING_TIMEZONE_MIN,
  type RecordingPermissionObject,
} from "../client";
import {
  collect,
  fieldsTable,
  integerFlag,
  optionalUserToken,
  requiredUserToken,
  rowsTable,
  runApiCommand,
  UsageError,
  userIdQuery,
  withApiOptions,
  withUserIdType,
  type ApiOptions,
} from "./api-command";

const FLAGS = { meeting_id: "<meetingId>", timezone: "--timezone" };

interface ShareOptions extends ApiOptions {
  user?: string[];
  group?: string[];
  tenant?: boolean;
  public?: boolean;
  revoke?: boolean;
}

/** The permission objects the share flags name. */
function shareTargets(options: ShareOptions): RecordingPermissionObject[] {
  const objects: RecordingPermissionObject[] = [
    ...(options.user ?? []).map((id): RecordingPermissionObject => ({
      id,
      type: 1,
      permission: 1,
    })),
    ...(options.group ?? []).map((id): RecordingPermissionObject => ({
      id,
      type: 2,
      permission: 1,
    })),
    ...(options.tenant === true ? [{ type: 3 as const, permission: 1 as const }] : []),
    ...(options.public === true ? [{ type: 4 as const, permission: 1 as const }] : []),
  ];
  if (objects.length === 0)
    throw new UsageError("name who may view it: --user, --group, --tenant or --public");
  return objects;
}

export function registerRecordingCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  const recording = program
    .command("recording")
    .description("record meetings and share the recordings (start, stop, get, share)");

  withApiOptions(
    recording
      .command("start <meetingId>")
      .description("start recording a live meeting, acting as its host (user token)")
      .option("--timezone <hours>", "UTC offset of the recording's times, -12 to 12"),
    "required",
  ).action((meetingId: string, options: ApiOptions & { timezone?: string }) =>
    runApiCommand(
      "recording start",
      options,
      setExitCode,
      async (client) => {
        const timezone =
          options.timezone === undefined
            ? undefined
            : integerFlag(
                "--timezone",
                options.timezone,
                RECORDING_TIMEZONE_MIN,
                RECORDING_TIMEZONE_MAX,
              );
        await client.recording.start(
          meetingId,
          requiredUserToken(options, "starting a recording"),
          timezone,
        );
        const answer = { meeting_id: meetingId, recording: "started" };
        return { table: fieldsTable(answer), json: answer };
      },
      FLAGS,
    ),
  );

  withApiOptions(
    recording
      .command("stop <meetingId>")
      .description("stop recording, acting as the meeting's host (user token)"),
    "required",
  ).action((meetingId: string, options: ApiOptions) =>
    runApiCommand(
      "recording stop",
      options,
      setExitCode,
      async (client) => {
        await client.recording.stop(meetingId, requiredUserToken(options, "stopping a recording"));
        const answer = { meeting_id: meetingId, recording: "stopped" };
        return { table: fieldsTable(answer), json: answer };
      },
      FLAGS,
    ),
  );

  withApiOptions(
    recording
      .command("get <meetingId>")
      .description("the recording of an ended meeting (fails while the file is being made)"),
    "optional",
  ).action((meetingId: string, options: ApiOptions) =>
    runApiCommand(
      "recording get",
      options,
      setExitCode,
      async (client) => {
        const found = await client.recording.get(meetingId, optionalUserToken(options));
        return { table: fieldsTable({ meeting_id: meetingId, ...found }), json: found };
      },
      FLAGS,
    ),
  );

  withUserIdType(
    withApiOptions(
      recording
        .command("share <meetingId>")
        .description("let users, groups, the tenant or anyone view a recording (user token)")
        .option("--user <id>", "a user who may view it (repeat)", collect)
        .option("--group <chatId>", "a group chat whose members may view it (repeat)", collect)
        .option("--tenant", "everyone in the tenant may view it")
        .option("--public", "anyone with the link may view it")
        .option("--revoke", "take the permission away instead of granting it"),
      "required",
    ),
  ).action((meetingId: string, options: ShareOptions) =>
    runApiCommand(
      "recording share",
      options,
      setExitCode,
      async (client) => {
        const objects = shareTargets(options);
        await client.recording.setPermission(
          meetingId,
          { permission_objects: objects, action_type: options.revoke === true ? 1 : 0 },
          requiredUserToken(options, "sharing a recording"),
          userIdQuery(options),
        );
        const rows = objects.map((object) => ({
          type: ["", "user", "group", "tenant", "public"][object.type],
          id: object.id,
          permission: options.revoke === true ? "revoked" : "view",
        }));
        return { table: rowsTable(["type", "id", "permission"], rows), json: rows };
      },
      FLAGS,
    ),
  );
}
