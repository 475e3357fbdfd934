// Smoke test of the engine tier: a dynamic resource that writes a file goes through the real
// `pulumi` CLI and engine against a local backend: create, an idempotent second up, destroy.
import * as fs from "node:fs";
import * as path from "node:path";
import { createEngineStack, type EngineStack } from "../../tools/harness/engine-stack";

describe("engine smoke", () => {
  let engine: EngineStack | undefined;

  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
  });

  it("creates, leaves alone and deletes a dynamic resource (program folder)", async () => {
    engine = await createEngineStack({
      program: "smoke",
      config: ({ tempDir }) => ({ path: path.join(tempDir, "greeting.txt") }),
    });
    const file = path.join(engine.tempDir, "greeting.txt");

    const first = await engine.up();
    expect(first.summary.result).toBe("succeeded");
    expect(first.summary.resourceChanges).toEqual({ create: 2 }); // the stack and the file
    expect(first.outputs.path?.value).toBe(file);
    expect(fs.readFileSync(file, "utf8")).toBe("hello from the engine\n");
    const state = await engine.exportState();
    expect(state.find((r) => r.type === "pulumi-nodejs:dynamic/smoke:File")).toMatchObject({
      id: file,
      outputs: { path: file, content: "hello from the engine\n" },
    });

    const second = await engine.up();
    expect(second.summary.resourceChanges).toEqual({ same: 2 });
    expect(fs.existsSync(file)).toBe(true);

    const destroyed = await engine.destroy();
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 2 });
    expect(fs.existsSync(file)).toBe(false);
    expect(await engine.exportState()).toEqual([]);
    expect(engine.output).toMatch(/greeting/);
  });

  it("runs an inline program and cleans up after itself", async () => {
    engine = await createEngineStack({
      program: () => Promise.resolve({ answer: 42 }),
      projectName: "engine-inline-smoke",
    });
    const result = await engine.up();
    expect(result.summary.resourceChanges).toEqual({ create: 1 });
    expect(result.outputs.answer?.value).toBe(42);
    const tempDir = engine.tempDir;
    await engine.dispose();
    expect(fs.existsSync(tempDir)).toBe(false);
  });
});
