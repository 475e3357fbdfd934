/**
 * What the direct API commands (`meeting`, `recording`, `reserve`) share: credentials (stack config
 * or environment, as `export` and `drift` take them), the user token of user-only calls, tables or
 * `--json`, and one-line errors naming the flag, with the CLI's exit codes.
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { isArgumentError, redactText, type FeishuVcClient } from "../client";
import { toUnixSecondsString } from "../resources/values";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { openStack } from "./stack-session";
import { clientForStack, clientFromEnvironment } from "./tenant-client";

/** Environment variable a user access token may come from instead of `--user-token`. */
const USER_TOKEN_ENV = "FEISHU_USER_ACCESS_TOKEN";
const USER_ID_TYPES = ["open_id", "union_id", "user_id"] as const;
type UserIdType = (typeof USER_ID_TYPES)[number];

/** Options every API command takes. */
export interface ApiOptions {
  stack?: string;
  cwd: string;
  json?: boolean;
  userToken?: string;
  userIdType?: string;
}

/** A bad command-line value: reported as one line naming the flag, exit code 64. */
export class UsageError extends Error {}

/** Adds the shared options; `userToken` for commands that take (or need) a user token. */
export function withApiOptions(command: Command, userToken: "required" | "optional" | "none") {
  command
    .option("-s, --stack <name>", "take credentials from this stack's config (else FEISHU_APP_*)")
    .option("--cwd <dir>", "directory of the Pulumi program, with --stack", ".")
    .option("--json", "print JSON for scripts instead of a table")
    // One line per bad flag: no help text after a usage error.
    .showHelpAfterError(false);
  if (userToken !== "none")
    command.option(
      "--user-token <token>",
      `user access token${userToken === "required" ? " (required)" : ""}; default: ${USER_TOKEN_ENV}`,
    );
  return command;
}

/** Adds `--user-id-type` for commands that name users. */
export function withUserIdType(command: Command): Command {
  return command.option(
    "--user-id-type <type>",
    `id type of user ids: ${USER_ID_TYPES.join(", ")} (default open_id)`,
  );
}

/** The user id type of `--user-id-type`, as the API's query. */
export function userIdQuery(options: ApiOptions): { user_id_type?: UserIdType } {
  const type = options.userIdType;
  if (type === undefined) return {};
  if (!(USER_ID_TYPES as readonly string[]).includes(type))
    throw new UsageError(
      `--user-id-type must be one of ${USER_ID_TYPES.join(", ")}, got "${type}"`,
    );
  return { user_id_type: type as UserIdType };
}

/** The user token from `--user-token` or the environment; `undefined` when neither is set. */
export function optionalUserToken(options: ApiOptions): string | undefined {
  const token = options.userToken ?? process.env[USER_TOKEN_ENV];
  return token === undefined || token === "" ? undefined : token;
}

/** The user token an endpoint needs; a one-line usage error when there is none. */
export function requiredUserToken(options: ApiOptions, why: string): string {
  const token = optionalUserToken(options);
  if (token === undefined)
    throw new UsageError(
      `--user-token (or ${USER_TOKEN_ENV}) is required: ${why} acts as a user (the tenant token is refused)`,
    );
  return token;
}

/** A time flag (ISO 8601 with a zone, or unix seconds) as the API's unix-seconds string. */
export function timeFlag(flag: string, value: string): string {
  const seconds = toUnixSecondsString(value);
  if (seconds === undefined)
    throw new UsageError(
      `${flag} must be unix seconds or an ISO 8601 date-time with a zone (e.g. 2026-12-01T09:00:00+08:00), got "${value}"`,
    );
  return seconds;
}

/** An integer flag within bounds. */
export function integerFlag(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^[+-]?\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return number;
}

/** A list flag given at least once. */
export function listFlag(flag: string, values: readonly string[] | undefined): string[] {
  if (values === undefined || values.length === 0)
    throw new UsageError(`${flag} is required (repeat it for several)`);
  return [...values];
}

/** Collects a repeatable option into a list. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** Fields never printed: a meeting password is a secret (use the Feishu client to see it). */
const SECRET_FIELDS = new Set(["password"]);

/** `value` with its secret fields masked, for printing. */
function printable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(printable);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_FIELDS.has(key) && typeof field === "string" && field !== ""
        ? "(hidden)"
        : printable(field),
    ]),
  );
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A two-column table of one object's fields. */
export function fieldsTable(value: Readonly<Record<string, unknown>>): string {
  const table = new Table({ style: { head: [], border: [] } });
  for (const [key, field] of Object.entries(printable(value) as Record<string, unknown>))
    if (field !== undefined) table.push({ [key]: cell(field) });
  return table.toString();
}

/** A table with one row per item and the given columns. */
export function rowsTable(columns: readonly string[], rows: readonly unknown[]): string {
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const row of printable(rows) as Record<string, unknown>[])
    table.push(columns.map((column) => cell(row[column])));
  return table.toString();
}

/** What a command prints: the table text, and the data `--json` prints instead. */
export interface ApiResult {
  table: string;
  json: unknown;
}

/** The tenant-token client: from the stack's config with `--stack`, else from the environment. */
async function clientFor(options: ApiOptions): Promise<FeishuVcClient> {
  return options.stack === undefined
    ? clientFromEnvironment()
    : await clientForStack(await openStack({ workDir: options.cwd, stackName: options.stack }));
}

/**
 * Runs one API command: the client, the call, the output. A `UsageError` or a client-side
 * refusal (`ArgumentError`, nothing sent) prints one line and exits 64; any other failure prints
 * one line (secrets scrubbed) and exits 1. Never a stack trace.
 */
export async function runApiCommand(
  name: string,
  options: ApiOptions,
  setExitCode: (code: number) => void,
  run: (client: FeishuVcClient) => Promise<ApiResult>,
  flagOf: Readonly<Record<string, string>> = {},
): Promise<void> {
  try {
    const result = await run(await clientFor(options));
    process.stdout.write(
      options.json === true
        ? `${JSON.stringify(printable(result.json), null, 2)}\n`
        : `${result.table}\n`,
    );
    setExitCode(EXIT_OK);
  } catch (error) {
    const usage = error instanceof UsageError || isArgumentError(error);
    let message = error instanceof Error ? error.message : String(error);
    if (isArgumentError(error) && flagOf[error.field] !== undefined)
      message = `${flagOf[error.field]}: ${message}`;
    process.stderr.write(`feishu-vc ${name}: ${redactText(message).split("\n")[0]}\n`);
    setExitCode(usage ? EXIT_USAGE : EXIT_ERROR);
  }
}
