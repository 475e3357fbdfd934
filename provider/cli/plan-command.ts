/**
 * `feishu-vc plan`: a preview of a stack rendered for pull-request review (Markdown grouped by
 * building and floor, or JSON for machines).
 */
import { InvalidArgumentError, type Command } from "commander";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { Stack } from "@pulumi/pulumi/automation";
import {
  MAX_DELETES_CONFIG_KEY,
  destructiveSteps,
  resolveDeleteBudget,
  type DeleteBudget,
} from "../review/delete-guard";
import {
  BOOKINGS_TIMEOUT_MS,
  lookUpBookings,
  type BookingsAccess,
  type PlanBookings,
} from "../review/plan-bookings";
import { planFromEvents, type Plan } from "../review/plan-model";
import { GITHUB_COMMENT_MAX_CHARS, planToMarkdown } from "../review/plan-markdown";
import { bookingsAccessForStack } from "./plan-bookings-source";
import { assertStackLayoutValid, explainEngineError, openStack } from "./stack-session";

export interface PlanOptions {
  stack: string;
  cwd: string;
  refresh?: boolean;
  maxChars: number;
  json?: boolean;
  maxDeletes?: number;
  /** `--no-bookings` sets it to false: no export is made. */
  bookings: boolean;
  bookingsTimeout: number;
}

/** A plan with its destructive steps counted against the budget `up` will apply. */
export interface BudgetedPlan extends Plan {
  destructive: { count: number; budget: DeleteBudget; overBudget: boolean };
  /** Bookings of the rooms the plan deletes or disables, or why they are missing. */
  bookings: PlanBookings;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError("must be a positive integer");
  return parsed;
}

/** Commander parser of a count that may be 0 (`--max-deletes 0`). */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed))
    throw new InvalidArgumentError("must be a whole number >= 0");
  return parsed;
}

export function registerPlanCommand(program: Command): void {
  program
    .command("plan")
    .description("preview a stack and print the plan as Markdown for review (or --json)")
    .requiredOption("-s, --stack <name>", "stack to preview")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .option("--refresh", "refresh state from the tenant before the preview")
    .option(
      "--max-chars <n>",
      "cut detail to fit this many characters",
      positiveInteger,
      GITHUB_COMMENT_MAX_CHARS,
    )
    .option("--json", "print the plan as JSON")
    .option(
      "--max-deletes <n>",
      `budget of destructive steps to show the plan against (default: stack config ${MAX_DELETES_CONFIG_KEY}, else 5)`,
      nonNegativeInteger,
    )
    .option("--no-bookings", "do not look up the bookings of deleted or disabled rooms")
    .option(
      "--bookings-timeout <seconds>",
      "give up on the bookings lookup after this long (the plan renders without them)",
      positiveInteger,
      BOOKINGS_TIMEOUT_MS / 1000,
    )
    .action(async (options: PlanOptions) => {
      const plan = await previewPlan(options);
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(plan, null, 2)}\n`
          : planToMarkdown(plan, {
              stackName: options.stack,
              maxChars: options.maxChars,
              budget: plan.destructive.budget,
              bookings: plan.bookings,
            }),
      );
    });
}

/** Runs the preview through the Automation API and counts its destructive steps. */
async function previewPlan(
  options: Pick<
    PlanOptions,
    "stack" | "cwd" | "refresh" | "maxDeletes" | "bookings" | "bookingsTimeout"
  >,
): Promise<BudgetedPlan> {
  const stack = await openStack({ workDir: options.cwd, stackName: options.stack });
  const config = await stack.getAllConfig();
  assertStackLayoutValid(options.cwd, config);
  const budget = resolveDeleteBudget(options.maxDeletes, config[MAX_DELETES_CONFIG_KEY]?.value);
  const plan = await previewStackPlan(stack, options.refresh === true);
  const count = destructiveSteps(plan).length;
  const access: BookingsAccess = options.bookings
    ? await bookingsAccessForStack(stack)
    : { unavailable: "not looked up (--no-bookings)" };
  const bookings = await lookUpBookings(plan, access, {
    timeoutMs: options.bookingsTimeout * 1000,
  });
  return { ...plan, destructive: { count, budget, overBudget: count > budget.max }, bookings };
}

/** The steps of one preview of an open stack. */
export async function previewStackPlan(stack: Stack, refresh: boolean): Promise<Plan> {
  const events: EngineEvent[] = [];
  await explainEngineError(stack.preview({ refresh, onEvent: (event) => events.push(event) }));
  return planFromEvents(events);
}
