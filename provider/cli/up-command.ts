/**
 * `feishu-vc up`: `pulumi up` of a stack with a progress line made for long runs at the API's
 * write budget: resource steps done, writes queued per endpoint, and when they will be through.
 * A bar on a terminal; a line every 10 s in CI logs. Ends with the engine's change summary.
 *
 * Before anything changes it validates the stack's layout file (no engine run for a bad one) and,
 * unless `--allow-deletes`, previews the update and refuses it when it has more destructive steps
 * than the budget (`--max-deletes`, stack config `feishu-vc:maxDeletes`, default 5).
 *
 * An up of the layout program whose inputs and state are exactly what the last succeeded up left
 * is skipped without starting the engine: it cannot change anything (ADR 0009, unchanged-up.ts).
 */
import type { Command } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { CONFIG_KEYS } from "../resources";
import {
  MAX_DELETES_CONFIG_KEY,
  refusalMessage,
  resolveDeleteBudget,
} from "../review/delete-guard";
import { WriteQueue, describeQueue } from "../review/write-queue";
import { clearPendingOperations, explainLockError, recoverBackend } from "./interrupted-run";
import { nonNegativeInteger, previewStackPlan } from "./plan-command";
import {
  decideCheckpoints,
  parseCheckpointMode,
  SKIP_CHECKPOINTS_ENV,
  type CheckpointMode,
} from "./checkpoint-mode";
import { Stack } from "@pulumi/pulumi/automation";
import { assertStackLayoutValid, explainEngineError, openWorkspace } from "./stack-session";
import { UpRecords, isLayoutProgram, stateDigest, upInputsDigest } from "./unchanged-up";

export interface UpOptions {
  stack: string;
  cwd: string;
  refresh?: boolean;
  maxDeletes?: number;
  allowDeletes?: boolean;
  forceUnlock?: boolean;
  checkpoints?: CheckpointMode;
  /** false (`--no-skip-unchanged`): run the engine even when nothing changed since the last up. */
  skipUnchanged?: boolean;
}

export function registerUpCommand(program: Command): void {
  program
    .command("up")
    .description("run `pulumi up` of a stack, showing queued writes and when they will be through")
    .requiredOption("-s, --stack <name>", "stack to update")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .option("--refresh", "refresh state from the tenant first (puts drifted objects back)")
    .option(
      "--max-deletes <n>",
      `refuse the update when it deletes, replaces or deactivates more than n objects (default: stack config ${MAX_DELETES_CONFIG_KEY}, else 5)`,
      nonNegativeInteger,
    )
    .option("--allow-deletes", "apply destructive steps over the budget, for this run only")
    .option(
      "--force-unlock",
      "clear the stack's lock even when this host cannot tell that its holder is gone (a cancelled CI job on another runner)",
    )
    .option(
      "--checkpoints <mode>",
      "auto: save the state only at the end for stacks of 1,000 resources or more (see README, Large tenants); every-step: after every step (Pulumi's default); final: only at the end",
      parseCheckpointMode,
      "auto",
    )
    .option(
      "--no-skip-unchanged",
      "run the engine even when the layout, config, program and state are exactly what the last succeeded up left (it then changes nothing)",
    )
    .action(async (options: UpOptions) => {
      await runUp(options);
    });
}

async function runUp(options: UpOptions): Promise<void> {
  // A killed run leaves a lock, maybe a checkpoint cut short, and pending operations; clear them
  // (the lock only when safe) so that a plain re-run converges (ADR 0008).
  const workspace = await openWorkspace({ workDir: options.cwd, stackName: options.stack });
  const report = (line: string): boolean => process.stderr.write(`${line}\n`);
  (
    await recoverBackend(workspace, options.stack, { forceUnlock: options.forceUnlock === true })
  ).forEach(report);
  const stack = await Stack.select(options.stack, workspace);
  const config = await stack.getAllConfig();
  assertStackLayoutValid(options.cwd, config);
  const deployment = await stack.exportStack();
  (await clearPendingOperations(stack, deployment)).forEach(report);
  // Without --refresh an up never reads the tenant: same inputs and same state, same outcome.
  // An up with --refresh is never skipped, but what it leaves is recorded like any other.
  const records = new UpRecords();
  const inputs = isLayoutProgram(options.cwd)
    ? upInputsDigest({
        workDir: options.cwd,
        stackName: options.stack,
        config,
        pulumiVersion: workspace.pulumiVersion,
      })
    : undefined;
  const lastUp =
    inputs === undefined || options.refresh === true || options.skipUnchanged === false
      ? undefined
      : records.find(stateDigest(deployment), inputs);
  if (lastUp !== undefined) {
    process.stdout.write(
      `up: no changes (skipped: layout, config, program and state are as the up of ${lastUp.at} left them; --no-skip-unchanged runs the engine anyway)\n`,
    );
    return;
  }
  const budget = resolveDeleteBudget(options.maxDeletes, config[MAX_DELETES_CONFIG_KEY]?.value);
  // Preview first, even with --allow-deletes: the engine refuses a protected level's delete in a
  // preview, but the Automation API's up skips its own preview and would delete the level's rooms
  // before reaching the level. The up evaluates the program again, so an edit of the layout or a
  // refresh finding new drift between the two is not covered (Pulumi 3.248's update plans, which
  // would bind the up to this preview, are experimental). The stack lock serializes whole runs.
  const plan = await previewStackPlan(stack, options.refresh === true);
  const refusal = options.allowDeletes === true ? undefined : refusalMessage(plan, budget);
  if (refusal !== undefined) throw new Error(refusal);
  const checkpoints = decideCheckpoints(
    options.checkpoints ?? "auto",
    plan.steps.length,
    process.env,
  );
  if (checkpoints.skip) workspace.envVars[SKIP_CHECKPOINTS_ENV] = "true";
  if (checkpoints.notice !== undefined) report(checkpoints.notice);
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
    result = await explainEngineError(
      explainLockError(
        stack.up({
          refresh: options.refresh === true,
          onEvent: (event) => {
            queue.observe(event);
            const snapshot = queue.snapshot();
            bar.setTotal(snapshot.started);
            bar.update(snapshot.done, { queue: describeQueue(snapshot) });
          },
        }),
        options.stack,
      ),
    );
  } finally {
    bar.stop();
  }
  if (inputs !== undefined && result.summary.result === "succeeded") {
    records.remember(stateDigest(await stack.exportStack()), inputs, options.stack);
  }
  const changes = Object.entries(result.summary.resourceChanges ?? {})
    .filter(([op, n]) => op !== "same" && n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  process.stdout.write(
    `up: ${changes.length === 0 ? "no changes" : changes.join(", ")} (${result.summary.result})\n`,
  );
}
