/** The plan says that deleting or replacing a Reservation is irreversible, and only then. */
import { planToMarkdown } from "../../../provider/review/plan-markdown";
import type { Plan, PlanAction, PlanStep } from "../../../provider/review/plan-model";

const step = (kind: string, action: PlanAction): PlanStep => ({
  action,
  kind,
  name: "bridge",
  label: "bridge",
  place: [],
  changes: [],
  deactivates: false,
});

const plan = (...steps: PlanStep[]): Plan => {
  const counts: Record<PlanAction, number> = {
    delete: 0,
    replace: 0,
    update: 0,
    create: 0,
    read: 0,
    same: 0,
  };
  for (const s of steps) counts[s.action] += 1;
  return { steps, counts };
};

const IRREVERSIBLE = /Deleting or replacing a Reservation is irreversible/;

it.each(["delete", "replace"] as const)("warns when a Reservation is %sd", (action) => {
  const text = planToMarkdown(plan(step("Reservation", action)), { stackName: "prod" });
  expect(text).toMatch(IRREVERSIBLE);
});

it("does not warn for a Reservation update or a Room delete", () => {
  const text = planToMarkdown(plan(step("Reservation", "update"), step("Room", "delete")), {
    stackName: "prod",
  });
  expect(text).not.toMatch(IRREVERSIBLE);
});
