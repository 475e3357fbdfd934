import {
  decideCheckpoints,
  LARGE_STACK_RESOURCES,
  parseCheckpointMode,
} from "../../../provider/cli/checkpoint-mode";

describe("checkpoint mode of feishu-vc up", () => {
  it("auto keeps every-step checkpoints below the large-stack size and skips them from it", () => {
    expect(decideCheckpoints("auto", LARGE_STACK_RESOURCES - 1, {}).skip).toBe(false);
    const large = decideCheckpoints("auto", LARGE_STACK_RESOURCES, {});
    expect(large.skip).toBe(true);
    expect(large.notice).toMatch(/1000 resources >= 1000; --checkpoints every-step keeps them/);
    expect(large.notice).toMatch(/ADR 0008/);
  });

  it("every-step and final are taken as said, whatever the size", () => {
    expect(decideCheckpoints("every-step", 50_000, {}).skip).toBe(false);
    expect(decideCheckpoints("final", 3, {})).toMatchObject({
      skip: true,
      notice: expect.stringMatching(/--checkpoints final/) as unknown,
    });
  });

  it("leaves an explicit PULUMI_SKIP_CHECKPOINTS to the engine", () => {
    expect(decideCheckpoints("final", 3, { PULUMI_SKIP_CHECKPOINTS: "false" })).toEqual({
      skip: false,
    });
    expect(decideCheckpoints("auto", 5000, { PULUMI_SKIP_CHECKPOINTS: "" }).skip).toBe(true);
  });

  it("refuses an unknown mode naming the choices", () => {
    expect(parseCheckpointMode("final")).toBe("final");
    expect(() => parseCheckpointMode("sometimes")).toThrow(
      "must be one of auto, every-step, final",
    );
  });
});
