/**
 * `feishu-vc plan`: a preview of a stack rendered for pull-request review (Markdown grouped by
 * building and floor, or JSON for machines).
 */
import { InvalidArgumentError, type Command } from "commander";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { planFromEvents, type Plan } from "../review/plan-model";
import { GITHUB_COMMENT_MAX_CHARS, planToMarkdown } from "../review/plan-markdown";
import { openStack } from "./stack-session";

export interface PlanOptions {
  stack: string;
  cwd: string;
  refresh?: boolean;
  maxChars: number;
  json?: boolean;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError("must be a positive integer");
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
    .action(async (options: PlanOptions) => {
      const plan = await previewPlan(options);
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(plan, null, 2)}\n`
          : planToMarkdown(plan, { stackName: options.stack, maxChars: options.maxChars }),
      );
    });
}

/** Runs the preview through the Automation API and collects its steps. */
async function previewPlan(options: Pick<PlanOptions, "stack" | "cwd" | "refresh">): Promise<Plan> {
  const stack = await openStack({ workDir: options.cwd, stackName: options.stack });
  const events: EngineEvent[] = [];
  await stack.preview({
    refresh: options.refresh === true,
    onEvent: (event) => events.push(event),
  });
  return planFromEvents(events);
}
