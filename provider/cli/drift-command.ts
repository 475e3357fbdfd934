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
import { EXIT_DRIFT, EXIT_OK } from "./exit-codes";
import { openStack } from "./stack-session";
import { clientForStack } from "./tenant-client";

export interface DriftOptions {
  stack: string;
  cwd: string;
  json?: boolean;
  fix?: boolean;
}

export function registerDriftCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("drift")
    .description(
      "report where the tenant differs from the declaration (exit 0 none, 2 drift, 1 error)",
    )
    .requiredOption("-s, --stack <name>", "stack to check")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .option("--json", "print the report as JSON")
    .option("--fix", "run `up --refresh` afterwards to restore the declaration")
    .action(async (options: DriftOptions) => {
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
