/**
 * `feishu-vc demo`: the main job on the embedded default. Starts the emulator with a persistent
 * tenant under `.demo/`, uses a local file backend there, and runs `pulumi up` of the root program
 * on the example campus layout, printing the engine's progress and a summary. A second run finds
 * the tenant and the state as the first left them, and changes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { startEmulator } from "../../emulator";
import { openStack } from "./stack-session";

/** The demo's fixed, public stack passphrase: it protects nothing but a local demo. */
const DEMO_PASSPHRASE = "feishu-vc-demo";
const DEMO_STACK = "demo";
const DEMO_APP_ID = "cli_demo";
/** Not a secret: the emulator's credentials for the demo tenant. */
const DEMO_APP_SECRET = "demo-app-secret";
/**
 * The emulator's rate-limit windows are shortened 10x for the demo, and the provider is told the
 * same, so ~40 writes per endpoint take seconds instead of minutes while pacing stays visible.
 */
const DEMO_RATE_LIMIT_SCALE = 10;

export interface DemoOptions {
  dir: string;
  layout: string;
  cwd: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "run `pulumi up` of the example layout against a local emulator and a local backend",
    )
    .option(
      "--dir <dir>",
      "where the demo keeps the emulator tenant and the Pulumi backend",
      ".demo",
    )
    .option("--layout <file>", "layout file to declare", "examples/campus/layout.yaml")
    .option("--cwd <dir>", "directory of the Pulumi program (Pulumi.yaml)", ".")
    .action(async (options: DemoOptions) => {
      await runDemo(options, (text) => process.stdout.write(text));
    });
}

async function runDemo(options: DemoOptions, print: (text: string) => void): Promise<void> {
  const dir = path.resolve(options.dir);
  const backendDir = path.join(dir, "backend");
  fs.mkdirSync(backendDir, { recursive: true });
  const emulator = await startEmulator({
    port: 0,
    appId: DEMO_APP_ID,
    appSecret: DEMO_APP_SECRET,
    stateFile: path.join(dir, "tenant.json"),
    rateLimitScale: DEMO_RATE_LIMIT_SCALE,
  });
  print(
    `demo: emulator ${emulator.url} (tenant kept in ${path.relative(process.cwd(), dir)}/tenant.json)\n`,
  );
  try {
    const stack = await openStack({
      workDir: options.cwd,
      stackName: DEMO_STACK,
      create: true,
      envVars: {
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: DEMO_PASSPHRASE,
        PULUMI_HOME: path.join(dir, "pulumi-home"),
      },
    });
    await stack.setAllConfig({
      "feishu-vc:layout": { value: path.resolve(options.layout) },
      "feishu-vc:appId": { value: DEMO_APP_ID },
      "feishu-vc:appSecret": { value: DEMO_APP_SECRET, secret: true },
      "feishu-vc:baseUrl": { value: emulator.url },
      "feishu-vc:rateLimitScale": { value: String(DEMO_RATE_LIMIT_SCALE) },
    });
    const result = await stack.up({ onOutput: print, color: "auto" });
    const changes = result.summary.resourceChanges ?? {};
    const changed = Object.entries(changes)
      .filter(([op, count]) => op !== "same" && count > 0)
      .map(([op, count]) => `${op} ${count}`);
    const outputs = result.outputs.counts?.value as
      { levels?: number; rooms?: number; configs?: number } | undefined;
    const managing = `managing ${outputs?.levels ?? 0} levels, ${outputs?.rooms ?? 0} rooms, ${outputs?.configs ?? 0} configs`;
    print(
      changed.length === 0
        ? `\ndemo: no changes, the tenant matches the layout; ${managing}.\n`
        : `\ndemo: ${changed.join(", ")}; ${managing}. Run it again: nothing changes.\n`,
    );
  } finally {
    await emulator.close();
  }
}
