/**
 * `feishu-vc up`: `pulumi up` of a stack with a progress line made for long runs at the API's
 * write budget: resource steps done, writes queued per endpoint, and when they will be through.
 * A bar on a terminal; a line every 10 s in CI logs. Ends with the engine's change summary.
 */
import type { Command } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { CONFIG_KEYS } from "../resources";
import { WriteQueue, describeQueue } from "../review/write-queue";
import { openStack } from "./stack-session";

export interface UpOptions {
  stack: string;
  cwd: string;
  refresh?: boolean;
}

export function registerUpCommand(program: Command): void {
  program
    .command("up")
    .description("run `pulumi up` of a stack, showing queued writes and when they will be through")
    .requiredOption("-s, --stack <name>", "stack to update")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .option("--refresh", "refresh state from the tenant first (puts drifted objects back)")
    .action(async (options: UpOptions) => {
      await runUp(options);
    });
}

async function runUp(options: UpOptions): Promise<void> {
  const stack = await openStack({ workDir: options.cwd, stackName: options.stack });
  const config = await stack.getAllConfig();
  const scale = Number(config[CONFIG_KEYS.rateLimitScale]?.value ?? "1");
  const queue = new WriteQueue(Number.isFinite(scale) && scale > 0 ? scale : 1);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: "up [{bar}] {value}/{total} steps | {queue}",
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(0, 0, { queue: "starting" });
  let result: Awaited<ReturnType<typeof stack.up>>;
  try {
    result = await stack.up({
      refresh: options.refresh === true,
      onEvent: (event) => {
        queue.observe(event);
        const snapshot = queue.snapshot();
        bar.setTotal(snapshot.started);
        bar.update(snapshot.done, { queue: describeQueue(snapshot) });
      },
    });
  } finally {
    bar.stop();
  }
  const changes = Object.entries(result.summary.resourceChanges ?? {})
    .filter(([op, n]) => op !== "same" && n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  process.stdout.write(
    `up: ${changes.length === 0 ? "no changes" : changes.join(", ")} (${result.summary.result})\n`,
  );
}
