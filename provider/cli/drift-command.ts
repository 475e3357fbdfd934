/**
 * `feishu-vc drift`: refresh-preview of a stack, reported as drifted fields (declared vs live),
 * objects deleted out of band, and unmanaged objects under managed levels. Exit 0 without drift,
 * 2 with drift, 1 on error; `--fix` runs `up` to restore the declaration.
 */
import type { Command } from "commander";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { planFromEvents } from "../review/plan-model";
import {
  driftReport,
  driftToMarkdown,
  type DriftReport,
  type UnmanagedObject,
} from "../review/drift-report";
import { findingLine, findingReport, startDriftWatch } from "./drift-watch";
import {
  startReceiverFromFlags,
  untilSignal,
  withReceiverFlags,
  type ReceiverFlags,
} from "./events-command";
import { EXIT_DRIFT, EXIT_OK } from "./exit-codes";
import { openStack } from "./stack-session";
import { clientForStack } from "./tenant-client";

export interface DriftOptions extends ReceiverFlags {
  stack: string;
  cwd: string;
  json?: boolean;
  fix?: boolean;
  watch?: boolean;
  notify?: string;
  exitOnDrift?: boolean;
}

export function registerDriftCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command("drift")
    .description(
      "report where the tenant differs from the declaration (exit 0 none, 2 drift, 1 error)",
    )
    .requiredOption("-s, --stack <name>", "stack to check")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .option("--json", "print the report as JSON")
    .option("--fix", "run `up --refresh` afterwards to restore the declaration")
    .option("--watch", "receive room and level events and report drift as it happens")
    .option("--notify <url>", "with --watch: POST each finding's Markdown to this URL")
    .option("--exit-on-drift", "with --watch: exit 2 on the first finding");
  withReceiverFlags(command).action(async (options: DriftOptions) => {
    if (options.watch === true) return watch(options, setExitCode);
    const stack = await openStack({ workDir: options.cwd, stackName: options.stack });
    const report = await detectDrift(stack);
    process.stdout.write(
      options.json === true
        ? `${JSON.stringify(report, null, 2)}\n`
        : driftToMarkdown(report, options.stack),
    );
    if (report.hasDrift && options.fix === true) {
      // With refresh: the drift preview does not save what it read, so a plain `up` would
      // still see the old state and find nothing to change.
      await stack.up({ refresh: true, onOutput: (text) => process.stderr.write(text) });
      process.stderr.write("drift: fixed by `up`\n");
    }
    setExitCode(report.hasDrift ? EXIT_DRIFT : EXIT_OK);
  });
}

async function watch(options: DriftOptions, setExitCode: (code: number) => void): Promise<void> {
  const stack = await openStack({ workDir: options.cwd, stackName: options.stack });
  const client = await clientForStack(stack);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const watching = await startDriftWatch(
    stack,
    client,
    (onEvent) => startReceiverFromFlags(options, onEvent),
    async (finding) => {
      process.stdout.write(`${findingLine(finding)}\n`);
      if (options.notify !== undefined)
        await notify(options.notify, driftToMarkdown(findingReport(finding), options.stack));
      if (options.exitOnDrift === true) {
        setExitCode(EXIT_DRIFT);
        stop();
      }
    },
  );
  await Promise.race([stopped, untilSignal()]);
  await watching.close();
}

/** Posts Markdown; a failed post is one line on stderr, never the end of the watch. */
async function notify(url: string, markdown: string): Promise<void> {
  try {
    const answer = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/markdown; charset=utf-8" },
      body: markdown,
      signal: AbortSignal.timeout(10_000),
    });
    if (!answer.ok) process.stderr.write(`drift: --notify answered HTTP ${answer.status}\n`);
  } catch (error) {
    process.stderr.write(
      `drift: --notify failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

const LEVEL_TYPE = "pulumi-nodejs:dynamic/feishu-vc:RoomLevel";
const ROOM_TYPE = "pulumi-nodejs:dynamic/feishu-vc:Room";

export async function detectDrift(stack: Stack): Promise<DriftReport> {
  const events: EngineEvent[] = [];
  await stack.preview({ refresh: true, onEvent: (event) => events.push(event) });
  const plan = planFromEvents(events);
  const deployment = (await stack.exportStack()).deployment as { resources?: StateResource[] };
  const resources = deployment.resources ?? [];
  const managedLevels = new Set(
    resources.filter((r) => r.type === LEVEL_TYPE && r.id).map((r) => r.id!),
  );
  const managedRooms = new Set(
    resources.filter((r) => r.type === ROOM_TYPE && r.id).map((r) => r.id!),
  );
  const client = await clientForStack(stack);
  const unmanaged: UnmanagedObject[] = [];
  for (const levelId of managedLevels) {
    const [levels, rooms] = await Promise.all([
      client.roomLevels.listAll(levelId),
      client.rooms.listAll(levelId),
    ]);
    for (const level of levels) {
      if (!managedLevels.has(level.room_level_id)) {
        unmanaged.push({
          kind: "RoomLevel",
          id: level.room_level_id,
          name: level.name,
          parentId: levelId,
        });
      }
    }
    for (const room of rooms) {
      if (!managedRooms.has(room.room_id))
        unmanaged.push({ kind: "Room", id: room.room_id, name: room.name, parentId: levelId });
    }
  }
  return driftReport(plan, unmanaged, managedLevels.size + managedRooms.size);
}
