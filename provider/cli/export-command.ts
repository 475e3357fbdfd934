/**
 * `feishu-vc export`: reads a live tenant (or one level down) and writes a layout that `pulumi up`
 * adopts without changing anything. Progress goes to stderr (a bar on a terminal, a line every few
 * seconds in CI logs); the layout goes to --out or stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { exportTenant, type ExportProgress } from "../export/export-tenant";
import { formatIssue, layoutToYaml, validateLayoutText } from "../layout";
import { EXIT_ERROR, EXIT_OK } from "./exit-codes";
import { openStack } from "./stack-session";
import { clientForStack, clientFromEnvironment } from "./tenant-client";

export interface ExportCommandOptions {
  out?: string;
  level?: string;
  assignCustomIds?: boolean;
  force?: boolean;
  stack?: string;
  cwd: string;
}

export function registerExportCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("export")
    .description("write a layout YAML of a live tenant, ready to adopt with `pulumi up`")
    .option("-o, --out <file>", "layout file to write (default: standard output)")
    .option("--level <id>", "export this level and everything under it (default: whole tenant)")
    .option(
      "--assign-custom-ids",
      "give objects without a custom id their layout key as custom id (writes to the tenant)",
    )
    .option("--force", "overwrite --out if it exists")
    .option("-s, --stack <name>", "take credentials from this stack's config (else FEISHU_APP_*)")
    .option("--cwd <dir>", "directory of the Pulumi program, with --stack", ".")
    .action(async (options: ExportCommandOptions) => {
      setExitCode(await runExport(options));
    });
}

async function runExport(options: ExportCommandOptions): Promise<number> {
  if (options.out !== undefined && fs.existsSync(options.out) && options.force !== true) {
    process.stderr.write(`export: ${options.out} exists; pass --force to overwrite it\n`);
    return EXIT_ERROR;
  }
  const client =
    options.stack === undefined
      ? clientFromEnvironment()
      : await clientForStack(await openStack({ workDir: options.cwd, stackName: options.stack }));
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: "export {phase} [{bar}] {value}/{total}",
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(0, 0, { phase: "tree" });
  const onProgress = (progress: ExportProgress): void => {
    bar.setTotal(progress.total);
    bar.update(progress.done, { phase: progress.phase });
  };
  let result: Awaited<ReturnType<typeof exportTenant>>;
  try {
    result = await exportTenant(client, {
      ...(options.level === undefined ? {} : { fromLevelId: options.level }),
      assignCustomIds: options.assignCustomIds === true,
      onProgress,
    });
  } finally {
    bar.stop();
  }

  if (result.warnings.length > 0) {
    // Writing this layout would let `up` create duplicates of these objects: refuse instead.
    for (const warning of result.warnings) {
      process.stderr.write(
        `export: ${warning.kind} ${warning.id} ("${warning.name}") ${warning.message}\n`,
      );
    }
    process.stderr.write(
      `export: ${result.warnings.length} object(s) without a custom id; nothing written\n`,
    );
    return EXIT_ERROR;
  }

  const file = options.out ?? "exported-layout.yaml";
  const text = layoutToYaml(result.layout, {
    ...(options.out === undefined ? {} : { file: options.out }),
    header: [
      `Exported by feishu-vc export on ${new Date().toISOString()}.`,
      "defaults.adopt: the first `pulumi up` takes these objects over instead of creating them.",
    ],
  });
  // The export must be a layout the loader accepts; anything else is our bug, not the user's.
  const check = validateLayoutText(text, path.basename(file));
  if (check.layout === undefined) {
    for (const issue of check.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write("export: the exported layout does not validate (a bug; please report)\n");
    return EXIT_ERROR;
  }
  if (options.out === undefined) process.stdout.write(text);
  else fs.writeFileSync(options.out, text);
  process.stderr.write(
    `export: ${result.levels} levels, ${result.rooms} rooms, ${result.configs} configs` +
      (result.assigned > 0 ? `; ${result.assigned} custom ids assigned` : "") +
      (options.out === undefined ? "" : ` -> ${options.out}`) +
      "\n",
  );
  return EXIT_OK;
}
