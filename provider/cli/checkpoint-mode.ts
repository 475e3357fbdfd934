/**
 * Whether `feishu-vc up` lets the engine save the whole state after every step (Pulumi's default)
 * or only at the end (`PULUMI_SKIP_CHECKPOINTS`), issue 22.
 *
 * The `file://` and cloud-storage backends rewrite the whole stack file twice per changed
 * resource; at ~1,000 resources that is ~250 ms a step and grows with the stack (bench/results.md,
 * scale series), so a large stack's create or edit is paced by the engine rather than by the API.
 * Skipping the intermediate saves costs crash safety: a run killed mid-way leaves the state as it
 * was before the run. The next `feishu-vc up` recovers: the creates it repeats are refused for
 * their custom ids and take the identical objects in (ADR 0008), updates are repeated, deletes of
 * objects already gone succeed. Objects without a custom id (possible from TypeScript programs)
 * cannot be recognised, hence `auto` skips only for large stacks and `every-step` is there.
 */
import { InvalidArgumentError } from "commander";

const CHECKPOINT_MODES = ["auto", "every-step", "final"] as const;
export type CheckpointMode = (typeof CHECKPOINT_MODES)[number];

/** Pulumi's own switch: only the final checkpoint of an update is written. */
export const SKIP_CHECKPOINTS_ENV = "PULUMI_SKIP_CHECKPOINTS";

/**
 * Resources from which `auto` skips intermediate checkpoints: where two whole-state saves per
 * changed resource reach 10% of a write slot at the real limit (0.3 s of 3 s), measured at ~1,000
 * resources (bench/results.md).
 */
export const LARGE_STACK_RESOURCES = 1000;

interface CheckpointDecision {
  skip: boolean;
  /** One line for the user when checkpoints are skipped, else undefined. */
  notice?: string;
}

export function parseCheckpointMode(value: string): CheckpointMode {
  const mode = CHECKPOINT_MODES.find((m) => m === value);
  if (mode === undefined)
    throw new InvalidArgumentError(`must be one of ${CHECKPOINT_MODES.join(", ")}`);
  return mode;
}

/**
 * The decision for one run. An explicit `PULUMI_SKIP_CHECKPOINTS` in the environment is the user's
 * own choice of Pulumi's switch and is left to the engine as it is.
 */
export function decideCheckpoints(
  mode: CheckpointMode,
  resources: number,
  env: Readonly<Record<string, string | undefined>>,
): CheckpointDecision {
  if (env[SKIP_CHECKPOINTS_ENV] !== undefined && env[SKIP_CHECKPOINTS_ENV] !== "") {
    return { skip: false };
  }
  const skip = mode === "final" || (mode === "auto" && resources >= LARGE_STACK_RESOURCES);
  if (!skip) return { skip };
  const why =
    mode === "final"
      ? "--checkpoints final"
      : `${resources} resources >= ${LARGE_STACK_RESOURCES}; --checkpoints every-step keeps them`;
  return {
    skip,
    notice: `up: intermediate checkpoints skipped (${why}): the state is saved once, at the end; if this run is killed, the next up takes in what it created by custom id (ADR 0008)`,
  };
}
