/**
 * A state written by the previous release (0.1.0, commit 175bf01) keeps working with this one:
 * refresh, update and destroy. The only state format change is the serialized provider
 * (`__provider`): 0.1.0 stored a closure of forwarding functions (~3.5 KB) made by Pulumi's
 * closure serializer; this release stores a ~500-byte loader. The fixture holds 0.1.0's exact
 * texts for an installed package (fixtures/release-0.1.0-providers.json: `providerShim(kind)` of
 * that commit serialized by @pulumi/pulumi 3.248.0, as its dynamic resources did). The stack is
 * created here, then every resource's `__provider` (inputs and outputs) is rewritten to 0.1.0's
 * text and imported back, which is the state 0.1.0 would have written for the same resources.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient } from "../../provider/client";
import {
  createEngineStack,
  emulatorConfig,
  PROGRAMS_DIR,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import { baseDeclaration, editedDeclaration } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
const OLD_PROVIDERS = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "release-0.1.0-providers.json"), "utf8"),
) as Record<string, string>;
const KIND_OF_TYPE = /^pulumi-nodejs:dynamic\/feishu-vc:(\w+)$/;

let engine: EngineStack | undefined;
let scratch: string | undefined;

afterAll(async () => {
  await engine?.dispose();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The declaration program, installed the way users install the package (linked to this checkout). */
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

interface DeploymentResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** `__provider` in the state's inputs and outputs, by resource type. */
async function providerTexts(stack: EngineStack): Promise<{ kind: string; texts: unknown[] }[]> {
  return (await stack.exportState())
    .filter((r) => KIND_OF_TYPE.test(r.type))
    .map((r) => ({
      kind: KIND_OF_TYPE.exec(r.type)![1]!,
      texts: [r.inputs.__provider, r.outputs.__provider],
    }));
}

it("refreshes, updates and destroys a state written by release 0.1.0", async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-upgrade-"));
  const program = path.join(scratch, "rooms");
  fs.mkdirSync(program);
  installProgram(program);
  engine = await createEngineStack({
    program,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator }) => ({
      ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      "declaration:spec": JSON.stringify(baseDeclaration),
    }),
  });
  expect((await engine.up()).summary.result).toBe("succeeded");

  // This release's provider: at most 1 KB per resource for both copies together.
  const written = await providerTexts(engine);
  expect(written.length).toBeGreaterThanOrEqual(13);
  for (const { texts } of written) {
    expect(texts[0]).toBe(texts[1]);
    expect(JSON.stringify(texts[0]).length * 2).toBeLessThanOrEqual(1024);
  }

  // Turn the state into the one 0.1.0 wrote.
  const exported = await engine.stack.exportStack();
  const deployment = exported.deployment as { resources: DeploymentResource[] };
  let rewritten = 0;
  for (const resource of deployment.resources) {
    const kind = KIND_OF_TYPE.exec(resource.type)?.[1];
    if (kind === undefined) continue;
    const old = OLD_PROVIDERS[kind];
    if (old === undefined) throw new Error(`fixture has no 0.1.0 provider for ${kind}`);
    resource.inputs!.__provider = old;
    resource.outputs!.__provider = old;
    rewritten += 1;
  }
  expect(rewritten).toBe(written.length);
  await engine.stack.importStack(exported);
  const before = await providerTexts(engine);
  expect(before.every(({ kind, texts }) => texts[1] === OLD_PROVIDERS[kind])).toBe(true);

  // Refresh reads through the old texts (outputs): nothing changed in the tenant.
  await engine.stack.refresh({ expectNoChanges: true });

  // An edit: updates run with this release's text, unchanged resources keep working.
  await engine.stack.setConfig("declaration:spec", { value: JSON.stringify(editedDeclaration) });
  const updated = await engine.up();
  expect(updated.summary.result).toBe("succeeded");
  expect(updated.summary.resourceChanges?.update).toBeGreaterThan(0);
  await engine.stack.preview({ expectNoChanges: true, refresh: true });

  // Destroy deletes through whichever text each resource holds, old or new.
  const mixed = await providerTexts(engine);
  expect(mixed.some(({ kind, texts }) => texts[1] === OLD_PROVIDERS[kind])).toBe(true);
  expect((await engine.destroy()).summary.result).toBe("succeeded");
  const client = createClient({
    appId: engine.emulator!.appId,
    appSecret: engine.emulator!.appSecret,
    baseUrl: engine.emulator!.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  expect(await client.rooms.listAll()).toEqual([]);
});
