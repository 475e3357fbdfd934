/**
 * The delete guard of `feishu-vc up` and `plan`: counts a plan's destructive steps (deletes,
 * replaces, deactivations: each loses an object or cancels bookings) against a budget, so a
 * fat-finger layout edit is stopped before anything changes. Pure: no engine, no API.
 */
import type { Plan, PlanStep } from "./plan-model";

/** Destructive steps `up` accepts without `--allow-deletes` when nothing else is configured. */
export const DEFAULT_MAX_DELETES = 5;

/** Stack config key of the budget (`pulumi config set feishu-vc:maxDeletes 20`). */
export const MAX_DELETES_CONFIG_KEY = "feishu-vc:maxDeletes";

export interface DeleteBudget {
  max: number;
  /** Where the number came from, for messages. */
  source: "--max-deletes" | typeof MAX_DELETES_CONFIG_KEY | "default";
}

/** The budget: the flag, else the stack config, else the default. Throws on a bad config value. */
export function resolveDeleteBudget(
  flag: number | undefined,
  configValue: string | undefined,
): DeleteBudget {
  if (flag !== undefined) return { max: flag, source: "--max-deletes" };
  if (configValue !== undefined) {
    const max = Number(configValue);
    if (!/^\d+$/.test(configValue.trim()) || !Number.isSafeInteger(max))
      throw new Error(
        `[feishu-vc] stack config ${MAX_DELETES_CONFIG_KEY} must be a whole number >= 0, not ${JSON.stringify(configValue)}: pulumi config set ${MAX_DELETES_CONFIG_KEY} ${DEFAULT_MAX_DELETES}`,
      );
    return { max, source: MAX_DELETES_CONFIG_KEY };
  }
  return { max: DEFAULT_MAX_DELETES, source: "default" };
}

/** Steps that delete, replace or deactivate an object. */
export function destructiveSteps(plan: Plan): PlanStep[] {
  return plan.steps.filter(
    (step) => step.action === "delete" || step.action === "replace" || step.deactivates,
  );
}

/** `delete Room "Lhotse" (room-t-lhotse) in HQ / F1`. */
function describeStep(step: PlanStep): string {
  const what = step.deactivates && step.action !== "replace" ? "deactivate" : step.action;
  const where = step.place.length === 0 ? "" : ` in ${step.place.join(" / ")}`;
  return `${what} ${step.kind} "${step.label}" (${step.name})${where}`;
}

/** One line for a plan: `3 destructive steps (budget 5, from --max-deletes)`. */
function budgetLine(count: number, budget: DeleteBudget): string {
  const from = budget.source === "default" ? "default" : `from ${budget.source}`;
  return `${count} destructive step${count === 1 ? "" : "s"} (budget ${budget.max}, ${from})`;
}

/**
 * Why `up` refused: the count, the budget, every destructive step, and the ways forward. Empty
 * when the plan is within the budget.
 */
export function refusalMessage(plan: Plan, budget: DeleteBudget): string | undefined {
  const steps = destructiveSteps(plan);
  if (steps.length <= budget.max) return undefined;
  return [
    `[feishu-vc] up refused: ${budgetLine(steps.length, budget)}; nothing was changed.`,
    ...steps.map((step) => `  ${describeStep(step)}`),
    `If this is intended, run again with --allow-deletes (this run only) or raise --max-deletes / ${MAX_DELETES_CONFIG_KEY}.`,
  ].join("\n");
}
