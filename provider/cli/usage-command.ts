/**
 * `feishu-vc usage`: how the managed rooms are used, per room and rolled up by every level of the
 * layout, from the resource_reservation_list export. Markdown (default), JSON or a self-contained
 * HTML page, on stdout or in --out. Every flag is checked before any API call; a bad one is a
 * one-line error (exit 64) and nothing is written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { loadLayout, isLayoutError, formatIssue } from "../layout";
import { collectUsage, type UsageSource } from "../usage/collect";
import type { StateResource } from "../usage/inventory";
import { usageToHtml } from "../usage/render-html";
import { usageToJson, usageToMarkdown } from "../usage/render-text";
import { parseUsageWindow, DEFAULT_WINDOW_DAYS } from "../usage/window";
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKDAYS,
  DEFAULT_WORKING_HOURS,
  UsageInputError,
  parseWorkingHours,
} from "../usage/working-hours";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { exportProgressDisplay } from "./export-progress";
import { openStack } from "./stack-session";
import { clientForStack, clientFromEnvironment } from "./tenant-client";

const FORMATS = ["markdown", "json", "html"] as const;
type Format = (typeof FORMATS)[number];

export interface UsageOptions {
  stack?: string;
  cwd: string;
  layout?: string;
  from?: string;
  to?: string;
  format: string;
  out?: string;
  force?: boolean;
  workingHours: string;
  timeZone: string;
  weekdays: string;
}

export function registerUsageCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("usage")
    .description(
      "room usage per room, floor and building: bookings, booked hours, utilization of working " +
        "hours, attendance against capacity, never-booked and unmanaged rooms (needs vc:export " +
        "and the admin permission 'meeting management')",
    )
    .option("-s, --stack <name>", "the stack whose rooms to report (credentials from its config)")
    .option("--cwd <dir>", "directory of the Pulumi program, with --stack", ".")
    .option("--layout <file>", "instead of --stack: a layout file (credentials from FEISHU_APP_*)")
    .option(
      "--from <date>",
      `start, YYYY-MM-DD (local midnight) or ISO 8601 (default: ${DEFAULT_WINDOW_DAYS} days before --to)`,
    )
    .option("--to <date>", "end, YYYY-MM-DD (that day included) or ISO 8601 (default: now)")
    .option("--format <format>", "markdown, json or html", "markdown")
    .option("-o, --out <file>", "write the report here (default: standard output)")
    .option("--force", "overwrite --out if it exists")
    .option("--working-hours <HH:MM-HH:MM>", "working hours per day", DEFAULT_WORKING_HOURS)
    .option(
      "--time-zone <zone>",
      "time zone of working hours and dates: +08:00 or Asia/Shanghai",
      DEFAULT_TIME_ZONE,
    )
    .option("--weekdays <days>", "working days: mon-fri, sun-thu, mon,wed,fri", DEFAULT_WEEKDAYS)
    .action(async (options: UsageOptions) => {
      setExitCode(await runUsage(options));
    });
}

interface CheckedOptions {
  format: Format;
  window: { from: Date; to: Date };
  workingHours: ReturnType<typeof parseWorkingHours>;
}

/** Every check that needs no API call; throws UsageInputError naming the flag. */
function checkOptions(options: UsageOptions): CheckedOptions {
  if ((options.stack === undefined) === (options.layout === undefined)) {
    throw new UsageInputError("usage: pass exactly one of --stack <name> or --layout <file>");
  }
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageInputError(`--format: "${options.format}" is not one of ${FORMATS.join(", ")}`);
  }
  if (options.out !== undefined) {
    const dir = path.dirname(path.resolve(options.out));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageInputError(`--out: directory ${path.dirname(options.out)} does not exist`);
    }
    if (fs.existsSync(options.out) && options.force !== true) {
      throw new UsageInputError(`--out: ${options.out} exists; pass --force to overwrite it`);
    }
  }
  const workingHours = parseWorkingHours(options.workingHours, options.timeZone, options.weekdays);
  const window = parseUsageWindow(options.from, options.to, workingHours.timeZone, new Date());
  return { format: options.format as Format, window, workingHours };
}

async function runUsage(options: UsageOptions): Promise<number> {
  let checked: CheckedOptions;
  let layoutSource: UsageSource | undefined;
  try {
    checked = checkOptions(options);
    if (options.layout !== undefined)
      layoutSource = { kind: "layout", layout: loadLayout(options.layout) };
  } catch (error) {
    if (isLayoutError(error)) {
      for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof UsageInputError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  let source: UsageSource;
  let client;
  if (layoutSource !== undefined) {
    source = layoutSource;
    client = clientFromEnvironment();
  } else {
    const stack = await openStack({ workDir: options.cwd, stackName: options.stack! });
    const deployment = (await stack.exportStack()).deployment as { resources?: StateResource[] };
    source = { kind: "state", resources: deployment.resources ?? [] };
    client = await clientForStack(stack);
  }

  const { report, missing, exports } = await collectUsage(client, source, {
    ...checked.window,
    workingHours: checked.workingHours,
    // A bar on a terminal, a line per step and every 10 s in CI logs (as `download` shows it).
    onExport: (level, window, index, total) =>
      exportProgressDisplay(
        `usage: export ${index}/${total}, bookings of ${level} ${window.start.toISOString()} to ${window.end.toISOString()}`,
      ),
  });
  if (missing.length > 0) {
    process.stderr.write(
      `usage: ${missing.length} declared object(s) not in the tenant (not applied yet?): ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}\n`,
    );
  }
  const text =
    checked.format === "json"
      ? usageToJson(report)
      : checked.format === "html"
        ? usageToHtml(report)
        : usageToMarkdown(report);
  if (options.out === undefined) {
    process.stdout.write(text);
  } else {
    // Written whole to a temp file beside it, then renamed: never half a report.
    const temp = `${options.out}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, options.out);
  }
  process.stderr.write(
    `usage: ${report.totals.rooms} rooms, ${report.totals.bookings} bookings, ${exports} export(s)` +
      (options.out === undefined ? "" : ` -> ${options.out}`) +
      "\n",
  );
  return EXIT_OK;
}
