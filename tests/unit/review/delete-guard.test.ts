/** The delete guard's counting and budget (issue #18 item 4), on hand-made plans. */
import {
  DEFAULT_MAX_DELETES,
  destructiveSteps,
  refusalMessage,
  resolveDeleteBudget,
} from "../../../provider/review/delete-guard";
import type { Plan, PlanAction, PlanStep } from "../../../provider/review/plan-model";

function step(action: PlanAction, name: string, deactivates = false): PlanStep {
  return {
    action,
    kind: "Room",
    name,
    label: name.toUpperCase(),
    place: ["HQ", "F1"],
    changes: [],
    deactivates,
  };
}

function plan(steps: PlanStep[]): Plan {
  const counts = { delete: 0, replace: 0, update: 0, create: 0, read: 0, same: 0 };
  for (const s of steps) counts[s.action] += 1;
  return { steps, counts };
}

describe("the delete guard", () => {
  it("counts deletes, replaces and deactivating updates, not other updates or creates", () => {
    const steps = [
      step("delete", "a"),
      step("replace", "b"),
      step("update", "c", true),
      step("update", "d"),
      step("create", "e"),
      step("same", "f"),
    ];
    expect(destructiveSteps(plan(steps)).map((s) => s.name)).toEqual(["a", "b", "c"]);
  });

  it("takes the flag over the stack config over the default of 5", () => {
    expect(resolveDeleteBudget(undefined, undefined)).toEqual({
      max: DEFAULT_MAX_DELETES,
      source: "default",
    });
    expect(DEFAULT_MAX_DELETES).toBe(5);
    expect(resolveDeleteBudget(undefined, "20")).toEqual({
      max: 20,
      source: "feishu-vc:maxDeletes",
    });
    expect(resolveDeleteBudget(0, "20")).toEqual({ max: 0, source: "--max-deletes" });
  });

  it("names a bad stack config value and the command that fixes it", () => {
    for (const bad of ["-1", "five", "2.5", ""])
      expect(() => resolveDeleteBudget(undefined, bad)).toThrow(
        /feishu-vc:maxDeletes must be a whole number >= 0.*pulumi config set feishu-vc:maxDeletes 5/,
      );
  });

  it("refuses over the budget, listing every destructive step, and accepts at the budget", () => {
    const steps = [step("delete", "a"), step("delete", "b"), step("update", "c", true)];
    expect(refusalMessage(plan(steps), { max: 3, source: "default" })).toBeUndefined();
    expect(refusalMessage(plan(steps), { max: 2, source: "--max-deletes" })).toBe(
      [
        "[feishu-vc] up refused: 3 destructive steps (budget 2, from --max-deletes); nothing was changed.",
        '  delete Room "A" (a) in HQ / F1',
        '  delete Room "B" (b) in HQ / F1',
        '  deactivate Room "C" (c) in HQ / F1',
        "If this is intended, run again with --allow-deletes (this run only) or raise --max-deletes / feishu-vc:maxDeletes.",
      ].join("\n"),
    );
  });
});
