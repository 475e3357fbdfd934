/**
 * The serialized provider in state loads the implementation by package name at call time, so a
 * state written from one program directory can be refreshed and destroyed from another (issue 4).
 * The program is installed the way users install it: its own folder with `pulumi-feishu-vc` and
 * `@pulumi/pulumi` in node_modules (linked to this checkout).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { FeishuVcClient } from "../../provider/client";
import { createClient } from "../../provider/client";
import {
  createEngineStack,
  emulatorConfig,
  PROGRAMS_DIR,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import { baseDeclaration } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
let engine: EngineStack | undefined;

afterAll(async () => {
  await engine?.dispose();
});

function installProgram(dir: string): void {
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  for (const file of ["Pulumi.yaml", "index.js"]) {
    fs.copyFileSync(path.join(PROGRAMS_DIR, "declaration", file), path.join(dir, file));
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "rooms", private: true, main: "index.js" }),
  );
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-feishu-vc"), "dir");
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
    path.join(dir, "node_modules", "@pulumi", "pulumi"),
    "dir",
  );
}

it("refreshes and destroys from another directory than the one that ran up", async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-portable-"));
  const first = path.join(scratch, "first-checkout");
  const moved = path.join(scratch, "moved-checkout");
  try {
    fs.mkdirSync(first);
    installProgram(first);
    engine = await createEngineStack({
      program: first,
      emulator: { rateLimitScale: RATE_LIMIT_SCALE },
      config: ({ emulator }) => ({
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
        "declaration:spec": JSON.stringify(baseDeclaration),
      }),
    });
    const created = await engine.up();
    expect(created.summary.result).toBe("succeeded");
    // The serialized providers carry no path of this machine. (The engine's own debugging
    // metadata, `sourcePosition`, does hold paths; it is never used to run anything.)
    const providers = (await engine.exportState()).map((r) =>
      JSON.stringify(r.outputs.__provider ?? ""),
    );
    expect(providers.filter((p) => p.length > 2).length).toBeGreaterThanOrEqual(13);
    for (const provider of providers) {
      expect(provider).not.toContain(first);
      expect(provider).not.toContain(REPO_ROOT);
    }

    fs.renameSync(first, moved);
    const workspace = engine.workspace;
    const relocated = await LocalWorkspace.selectStack(
      { stackName: engine.stack.name, workDir: moved },
      {
        envVars: workspace.envVars,
        pulumiHome: workspace.pulumiHome,
        pulumiCommand: workspace.pulumiCommand,
      },
    );
    await relocated.refresh({ expectNoChanges: true });
    const destroyed = await relocated.destroy();
    expect(destroyed.summary.result).toBe("succeeded");

    const client: FeishuVcClient = createClient({
      appId: engine.emulator!.appId,
      appSecret: engine.emulator!.appSecret,
      baseUrl: engine.emulator!.url,
      rateLimitScale: RATE_LIMIT_SCALE,
    });
    expect(await client.rooms.listAll()).toEqual([]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
