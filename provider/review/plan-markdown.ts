/**
 * Renders a plan as Markdown for a pull-request comment: counts, then what removes or disables
 * things, then updates with old -> new per field, then creates, grouped by building and floor.
 * When the text must fit a size (GitHub comments stop at 65,535 characters), the detail is cut
 * from the end and the summary stays.
 */
import { destructiveSteps, type DeleteBudget } from "./delete-guard";
import type { PlanBookings } from "./plan-bookings";
import { bookingsLines } from "./plan-bookings-markdown";
import type { Plan, PlanAction, PlanStep } from "./plan-model";

/** GitHub's limit on a comment body. */
export const GITHUB_COMMENT_MAX_CHARS = 65_535;

const ACTION_ORDER: PlanAction[] = ["delete", "replace", "update", "create"];

function show(value: unknown): string {
  if (value === undefined) return "_(unset)_";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const short = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return `\`${short.replace(/`/g, "'")}\``;
}

function placeTitle(step: PlanStep): string {
  return step.place.length === 0 ? "Tenant root" : step.place.join(" / ");
}

function stepLine(step: PlanStep): string {
  const head = `- **${step.action}** ${step.kind} **${step.label}** (\`${step.name}\`)`;
  return step.deactivates ? `${head} — disables it` : head;
}

function grouped(steps: PlanStep[], line: (step: PlanStep) => string[]): string[] {
  const groups = new Map<string, PlanStep[]>();
  for (const step of steps)
    groups.set(placeTitle(step), [...(groups.get(placeTitle(step)) ?? []), step]);
  const out: string[] = [];
  for (const [title, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`#### ${title}`, "");
    for (const step of items.sort((a, b) => a.label.localeCompare(b.label)))
      out.push(...line(step));
    out.push("");
  }
  return out;
}

export interface MarkdownOptions {
  stackName: string;
  maxChars?: number;
  /** The delete guard's budget: adds the destructive count against it under the table. */
  budget?: DeleteBudget;
  /** Bookings the change would cancel (or why they are missing), listed under the counts. */
  bookings?: PlanBookings;
}

/** Share of `maxChars` the bookings section may take, so the steps keep most of the room. */
const BOOKINGS_SHARE_OF_MAX = 0.25;

export function planToMarkdown(plan: Plan, options: MarkdownOptions): string {
  const { counts } = plan;
  const summary = [
    `### Feishu rooms plan for stack \`${options.stackName}\``,
    "",
    "| create | update | replace | delete | unchanged |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.delete} | ${counts.same} |`,
    "",
    ...guardLines(plan, options.budget),
    ...(options.bookings === undefined
      ? []
      : bookingsLines(
          options.bookings,
          options.maxChars === undefined
            ? Infinity
            : Math.floor(options.maxChars * BOOKINGS_SHARE_OF_MAX),
        )),
  ];
  const changing = plan.steps.filter((s) => ACTION_ORDER.includes(s.action));
  if (changing.length === 0) return [...summary, "No changes."].join("\n") + "\n";

  const disruptive = destructiveSteps({ ...plan, steps: changing });
  const updates = changing.filter((s) => s.action === "update" && !s.deactivates);
  const creates = changing.filter((s) => s.action === "create" && !s.deactivates);
  const detail: string[] = [];
  if (disruptive.length > 0) {
    detail.push("### ⚠️ Deletions, replacements and deactivations", "");
    if (disruptive.some((s) => s.deactivates)) {
      detail.push("> Disabling a room cancels its bookings in the disable window.", "");
    }
    if (disruptive.some((s) => s.kind === "Reservation" && s.action !== "update")) {
      detail.push(
        "> Deleting or replacing a Reservation is irreversible: its meeting number and links are released and cannot be booked again.",
        "",
      );
    }
    detail.push(...grouped(disruptive, (s) => [stepLine(s), ...changeLines(s)]));
  }
  if (updates.length > 0)
    detail.push("### Updates", "", ...grouped(updates, (s) => [stepLine(s), ...changeLines(s)]));
  if (creates.length > 0) detail.push("### Creates", "", ...grouped(creates, (s) => [stepLine(s)]));

  const full = `${[...summary, ...detail].join("\n").trimEnd()}\n`;
  const max = options.maxChars;
  if (max === undefined || full.length <= max) return full;
  // Keep whole lines from the top; say how much was cut and where the rest is.
  const kept: string[] = [...summary];
  const note = (cut: number): string =>
    `\n_… ${cut} more lines cut to fit ${max} characters; the full plan is in the job log._\n`;
  let length = kept.join("\n").length;
  let index = 0;
  for (; index < detail.length; index += 1) {
    const next = detail[index]!;
    if (length + next.length + 1 + note(detail.length - index).length > max) break;
    kept.push(next);
    length += next.length + 1;
  }
  return kept.join("\n") + note(detail.length - index);
}

function changeLines(step: PlanStep): string[] {
  return step.changes.map((c) => `  - \`${c.field}\`: ${show(c.old)} → ${show(c.new)}`);
}

/** The destructive count against the delete guard's budget, under the counts table. */
function guardLines(plan: Plan, budget: DeleteBudget | undefined): string[] {
  if (budget === undefined) return [];
  const count = destructiveSteps(plan).length;
  const from = budget.source === "default" ? "default" : budget.source;
  const head = "Destructive steps (deletes, replaces, deactivations)";
  return count > budget.max
    ? [
        `**${head}: ${count}, over the budget of ${budget.max} (${from}):** \`feishu-vc up\` refuses them without \`--allow-deletes\`.`,
        "",
      ]
    : [`${head}: ${count}, budget ${budget.max} (${from}).`, ""];
}
