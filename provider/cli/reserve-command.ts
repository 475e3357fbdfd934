/**
 * `feishu-vc reserve get|delete` (reference 3.1). Applying and changing a reservation go through
 * the `Reservation` resource (or the layout's `reservations:`), so the stack knows about it.
 */
import type { Command } from "commander";
import {
  fieldsTable,
  optionalUserToken,
  runApiCommand,
  UsageError,
  userIdQuery,
  withApiOptions,
  withUserIdType,
  type ApiOptions,
} from "./api-command";

const FLAGS = { reserve_id: "<reserveId>" };

export function registerReserveCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  const reserve = program
    .command("reserve")
    .description("read or delete a reservation (apply and update go through the resource)");

  withUserIdType(
    withApiOptions(
      reserve
        .command("get <reserveId>")
        .description("a reservation (only its owner, or the app that applied for it, may read it)")
        .option("--active-meeting", "also show its meeting in progress, if any"),
      "optional",
    ),
  ).action((reserveId: string, options: ApiOptions & { activeMeeting?: boolean }) =>
    runApiCommand(
      "reserve get",
      options,
      setExitCode,
      async (client) => {
        const token = optionalUserToken(options);
        const as = {
          ...userIdQuery(options),
          ...(token === undefined ? {} : { userAccessToken: token }),
        };
        const found = await client.reservations.get(reserveId, as);
        const active =
          options.activeMeeting === true
            ? ((await client.reservations.getActiveMeeting(reserveId, as)) ?? null)
            : undefined;
        const { meeting_settings: settings, end_time: end, ...fields } = found;
        const view = {
          ...fields,
          ...(end === undefined ? {} : { end_time: new Date(Number(end) * 1000).toISOString() }),
          ...(settings === undefined ? {} : { topic: settings.topic }),
          ...(active === undefined ? {} : { active_meeting: active?.id ?? "none" }),
        };
        return {
          table: fieldsTable(view),
          json: active === undefined ? found : { ...found, active_meeting: active },
        };
      },
      FLAGS,
    ),
  );

  withApiOptions(
    reserve
      .command("delete <reserveId>")
      .description("delete a reservation: irreversible, its meeting number is released")
      .option("--yes", "confirm the irreversible delete"),
    "optional",
  ).action((reserveId: string, options: ApiOptions & { yes?: boolean }) =>
    runApiCommand(
      "reserve delete",
      options,
      setExitCode,
      async (client) => {
        if (options.yes !== true)
          throw new UsageError(
            "--yes is required: deleting a reservation is irreversible (its meeting number is released)",
          );
        const token = optionalUserToken(options);
        await client.reservations.delete(
          reserveId,
          token === undefined ? {} : { userAccessToken: token },
        );
        const answer = { reserve_id: reserveId, deleted: true };
        return { table: fieldsTable(answer), json: answer };
      },
      FLAGS,
    ),
  );
}
