/**
 * Child process of the benchmark: validates a generated layout of N rooms and evaluates the
 * program (declareLayout) with the engine mocked, so only our code is measured. Prints one JSON
 * line: times in ms and memory in MB (peak RSS, and its growth over the process's start so the
 * TypeScript loader the bench runs under is not counted as ours).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareLayout, loadLayout } from "../provider/layout";
import { generateLayout, layoutYaml } from "./layout-generator";

async function main(): Promise<void> {
  const rooms = Number(process.argv[2] ?? "10000");
  const levels = Number(process.argv[3] ?? "111");
  // `validate`: load and validate only; `evaluate`: also declare every resource.
  const phase = process.argv[4] === "validate" ? "validate" : "evaluate";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-bench-eval-"));
  const file = path.join(dir, "layout.yaml");
  fs.writeFileSync(file, layoutYaml(generateLayout(rooms, levels).layout));
  global.gc?.();
  const startRssMb = process.memoryUsage().rss / 2 ** 20;

  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: `${args.name}-id`,
        state: args.inputs as Record<string, unknown>,
      }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "bench",
    "bench",
    false,
  );
  // The language host turns on the serialized-provider cache (PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS
  // defaults to on); setMocks resets the options without it, which would serialize the provider
  // once per resource and measure Pulumi's mock mode instead of a real run.
  // The store lives in an internal module without public typings, hence require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtimeState = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { settings: { options: { cacheDynamicProviders?: boolean } } };
  };
  runtimeState.getStore().settings.options.cacheDynamicProviders = true;
  const t0 = performance.now();
  const layout = loadLayout(file);
  const t1 = performance.now();
  let declared = { rooms: {}, levels: {} };
  if (phase === "evaluate") {
    const resources = declareLayout(layout);
    const urns = Object.values(resources.rooms).map((room) => room.urn);
    await new Promise<void>((resolve) => pulumi.all(urns).apply(() => resolve()));
    declared = resources;
  }
  const t2 = performance.now();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({
      phase,
      declaredRooms: Object.keys(declared.rooms).length,
      declaredLevels: Object.keys(declared.levels).length,
      validateMs: Math.round(t1 - t0),
      evaluateMs: Math.round(t2 - t1),
      peakRssMb: Math.round(peakRssMb),
      growthMb: Math.round(peakRssMb - startRssMb),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
