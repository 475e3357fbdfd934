import type { EngineEvent } from "@pulumi/pulumi/automation";
import { WriteQueue, describeQueue, formatDuration } from "../../../provider/review/write-queue";

const TYPE = "pulumi-nodejs:dynamic/feishu-vc:";

/** An engine event of `field` (a step starting or finishing) for one resource. */
function stepEvent(
  field: "resourcePreEvent" | "resOutputsEvent",
  kind: string,
  name: string,
  op: string,
): EngineEvent {
  const metadata = {
    op,
    urn: `urn:pulumi:s::p::${TYPE}${kind}::${name}`,
    type: `${TYPE}${kind}`,
    provider: "",
  };
  return { sequence: 0, timestamp: 0, [field]: { metadata } };
}
const pre = (kind: string, name: string, op: string): EngineEvent =>
  stepEvent("resourcePreEvent", kind, name, op);
const outputs = (kind: string, name: string, op: string): EngineEvent =>
  stepEvent("resOutputsEvent", kind, name, op);

describe("write queue estimate", () => {
  it("counts queued writes per endpoint and estimates at 20 per minute per endpoint", () => {
    const queue = new WriteQueue();
    for (let i = 0; i < 45; i += 1) queue.observe(pre("Room", `r${i}`, "create"));
    for (let i = 0; i < 5; i += 1) queue.observe(pre("Room", `u${i}`, "update"));
    queue.observe(pre("RoomLevel", "l", "same")); // no write
    for (let i = 0; i < 5; i += 1) queue.observe(outputs("Room", `r${i}`, "create"));
    const snapshot = queue.snapshot();
    expect(snapshot).toEqual({
      done: 5,
      started: 50,
      queued: { "rooms create": 40, "rooms patch": 5 },
      // 40 creates need 2 more windows; patches have their own budget.
      etaMs: 2 * 60_000,
    });
    expect(describeQueue(snapshot)).toBe(
      "45 writes queued (rooms create 40, rooms patch 5), through in ~2 min",
    );
  });

  it("scales the windows like the emulator and ends at zero", () => {
    const queue = new WriteQueue(60);
    queue.observe(pre("ScopeConfig", "c", "create"));
    expect(queue.snapshot().etaMs).toBe(1000);
    queue.observe(outputs("ScopeConfig", "c", "create"));
    expect(describeQueue(queue.snapshot())).toBe("no writes queued");
  });

  it("formats durations for people", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(25 * 60_000)).toBe("25 min");
    expect(formatDuration(150 * 60_000)).toBe("2.5 h");
  });
});
