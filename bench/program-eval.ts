/**
 * Child process of the benchmark: validates a generated layout of N rooms and evaluates the
 * program (declareLayout) with the engine mocked, so no engine or API cost is measured. Prints one
 * JSON line: times in ms and memory in MB (peak RSS, and its growth over the process's start so
 * the TypeScript loader the bench runs under is not counted as ours).
 *
 * The `floor` phase declares the same tree as bare Pulumi resources (same names, the same
 * properties, the same parent -> child output dependencies, none of our code): what the Pulumi SDK
 * alone costs for these resources, the floor under any program that declares them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareLayout, loadLayout, type Layout, type LayoutLevel } from "../provider/layout";
import { providerModuleText } from "../provider/resources/provider-shim";
import { generateLayout, layoutYaml } from "./layout-generator";

const PHASES = ["validate", "evaluate", "floor"] as const;

/** A custom resource with no provider of its own, as a generated provider SDK class is. */
class BareResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}

/**
 * Stands in for the serialized provider every one of our resources carries (`__provider`, one
 * string per kind shared by all its resources, as in a real run): the same length as ours, so
 * the floor carries the same bytes. Only its length is taken from our code.
 */
const PROVIDER_STAND_IN = "p".repeat(providerModuleText("Room").length);

/**
 * The layout's tree as bare custom resources with the properties ours have (inputs, output
 * placeholders, a provider string): levels first, each room waiting on its level's id.
 */
function declareBare(layout: Layout): {
  rooms: Record<string, pulumi.Resource>;
  levels: Record<string, pulumi.Resource>;
} {
  const declared = {
    rooms: {} as Record<string, pulumi.Resource>,
    levels: {} as Record<string, pulumi.Resource>,
  };
  const level = (node: LayoutLevel, parentId: pulumi.Input<string>): void => {
    const resource = new BareResource("feishu-vc:bench:BareLevel", `level-${node.key}`, {
      roomLevelId: undefined,
      parentLevelId: undefined,
      path: undefined,
      name: node.name,
      customGroupId: node.key,
      parentId,
      __provider: PROVIDER_STAND_IN,
    });
    declared.levels[node.key] = resource;
    for (const room of node.rooms ?? []) {
      declared.rooms[room.key] = new BareResource("feishu-vc:bench:BareRoom", `room-${room.key}`, {
        roomId: undefined,
        displayId: undefined,
        path: undefined,
        name: room.name,
        roomLevelId: resource.id,
        capacity: room.capacity,
        customRoomId: room.key,
        ...(room.devices === undefined ? {} : { devices: room.devices }),
        __provider: PROVIDER_STAND_IN,
      });
    }
    for (const child of node.levels ?? []) level(child, resource.id);
  };
  for (const top of layout.levels) level(top, "0");
  return declared;
}

async function main(): Promise<void> {
  const rooms = Number(process.argv[2] ?? "10000");
  const levels = Number(process.argv[3] ?? "111");
  // `validate`: load and validate only; `evaluate`: also declare every resource; `floor`: declare
  // the same tree as bare Pulumi resources.
  const phase = PHASES.find((p) => p === process.argv[4]) ?? "evaluate";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-bench-eval-"));
  const file = path.join(dir, "layout.yaml");
  const generated = generateLayout(rooms, levels).layout;
  fs.writeFileSync(file, layoutYaml(generated));
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
  // The floor declares the generated tree itself: it measures Pulumi, not our loader.
  const layout = phase === "floor" ? generated : loadLayout(file);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  let declared: {
    rooms: Record<string, pulumi.Resource>;
    levels: Record<string, pulumi.Resource>;
  } = { rooms: {}, levels: {} };
  if (phase === "evaluate") declared = declareLayout(layout);
  if (phase === "floor") declared = declareBare(layout);
  const urns = Object.values(declared.rooms).map((room) => room.urn);
  await new Promise<void>((resolve) => pulumi.all(urns).apply(() => resolve()));
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu1);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({
      phase,
      declaredRooms: Object.keys(declared.rooms).length,
      declaredLevels: Object.keys(declared.levels).length,
      validateMs: Math.round(t1 - t0),
      evaluateMs: Math.round(t2 - t1),
      // CPU time (user + system) of the same span: on a shared machine wall time also counts
      // other processes' turns, CPU time much less so.
      evaluateCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(peakRssMb),
      growthMb: Math.round(peakRssMb - startRssMb),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
