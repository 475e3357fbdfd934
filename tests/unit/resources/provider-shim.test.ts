/**
 * The serialized provider (`__provider`) is evaluated by Pulumi's dynamic provider exactly as
 * here: `require-from-string` of the text in the provider process, then `handler()`, with the
 * program directory as working directory.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { isFeishuVcError } from "../../../provider/client";
import {
  providerModuleText,
  providerShim,
  type ResourceKind,
} from "../../../provider/resources/provider-shim";

/** The dynamic provider's own loader, resolved through the SDK that ships it. */
const requireFromString = createRequire(require.resolve("@pulumi/pulumi/package.json"))(
  "require-from-string",
) as (code: string) => { handler: () => unknown };

const KINDS: ResourceKind[] = ["RoomLevel", "Room", "ScopeConfig"];
const fakeProviders = { RoomLevel: { id: "level" }, Room: { id: "room" } };

let scratch: string;
let program: string;
const startDir = process.cwd();

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-shim-"));
  program = path.join(scratch, "program");
  fs.mkdirSync(program);
});

afterEach(() => {
  process.chdir(startDir);
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A package at `dir` exporting `fakeProviders` the way `provider/index.ts` does. */
function writePackage(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "pulumi-feishu-vc", main: "index.js" }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    `exports.__feishuVcProviders = ${JSON.stringify(fakeProviders)};`,
  );
}

function loadIn(dir: string, text: string): unknown {
  process.chdir(dir);
  return requireFromString(text).handler();
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

it("stays under 512 bytes per copy in state for every kind (1 KB for inputs and outputs)", () => {
  for (const kind of KINDS) {
    // The engine stores the text as a JSON string, in the inputs and again in the outputs.
    expect(JSON.stringify(providerModuleText(kind)).length).toBeLessThanOrEqual(512);
  }
});

it("loads the kind's provider by package name from the program directory", () => {
  writePackage(path.join(program, "node_modules", "pulumi-feishu-vc"));
  expect(loadIn(program, providerModuleText("Room"))).toEqual({ id: "room" });
  expect(loadIn(program, providerModuleText("RoomLevel"))).toEqual({ id: "level" });
});

it("captures no path when the package resolves by name, and a relative entry otherwise", () => {
  writePackage(path.join(program, "node_modules", "pulumi-feishu-vc"));
  process.chdir(program);
  expect(providerShim("Room")).toBe(providerModuleText("Room"));
  expect(providerShim("Room")).not.toContain(scratch);
});

it("loads from a checkout-relative entry when one is given", () => {
  writePackage(path.join(scratch, "checkout"));
  const text = providerModuleText("Room", "../checkout/index.js");
  expect(text).not.toContain(scratch);
  expect(loadIn(program, text)).toEqual({ id: "room" });
});

it("throws a branded error naming the kind when the package is missing", () => {
  const error = caught(() => loadIn(program, providerModuleText("Room")));
  expect(isFeishuVcError(error)).toBe(true);
  expect(error).toMatchObject({ name: "FeishuVcProviderLoadError" });
  expect((error as Error).message).toMatch(
    /^\[feishu-vc\] cannot load the Room provider: Error: Cannot find module 'pulumi-feishu-vc'/,
  );
});

it("throws a branded error when the installed version has no provider for the kind", () => {
  writePackage(path.join(program, "node_modules", "pulumi-feishu-vc"));
  const error = caught(() => loadIn(program, providerModuleText("ScopeConfig")));
  expect(isFeishuVcError(error)).toBe(true);
  expect((error as Error).message).toBe("[feishu-vc] cannot load the ScopeConfig provider: none");
});
