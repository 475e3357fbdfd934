// Engine harness, shared by the engine tests and the bench: the real `pulumi` CLI
// (scripts/pulumi-bin.js) driven through the Automation API, one throwaway stack per test or run
// (style notes L10).
//
// Each stack gets its own temp dir holding a `file://` backend, PULUMI_HOME and anything the test
// writes; `dispose()` removes it. Programs are either a folder under tests/engine/programs/ (run
// like `pulumi up` in that folder: plain JavaScript, a separate Node process, so jest's coverage
// instrumentation never reaches the serialized provider code) or an inline function (runs in the
// jest process; keep dynamic providers out of inline programs, see docs/pulumi-cli.md).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type DestroyResult,
  type PreviewResult,
  type PulumiFn,
  type RefreshResult,
  type Stack,
  type UpResult,
} from "@pulumi/pulumi/automation";
import {
  startEmulatorProcess,
  type EmulatorProcess,
  type EmulatorProcessOptions,
} from "./emulator-process";

/** The repo root (tools/harness/ is two levels down). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Folder of the engine test programs, one per scenario. */
export const PROGRAMS_DIR = path.join(REPO_ROOT, "tests", "engine", "programs");

/** Set by the engine project's globalSetup; may also be set by hand to skip the resolution. */
export const BIN_DIR_ENV = "PULUMI_FEISHU_VC_BIN_DIR";

/** Fixed passphrase of the test stacks' secrets provider. */
const TEST_PASSPHRASE = "pulumi-feishu-vc-engine-tests";

/** A config value: a plain string, or one stored as a secret. */
export type ConfigInput = string | { value: string; secret?: boolean };

/**
 * The provider's stack config for an emulator: its credentials (the secret stored as a secret),
 * its URL, and the rate-limit scale it was started with, so the client paces to its windows.
 */
export function emulatorConfig(
  emulator: EmulatorProcess,
  rateLimitScale: number,
): Record<string, ConfigInput> {
  return {
    "feishu-vc:appId": emulator.appId,
    "feishu-vc:appSecret": { value: emulator.appSecret, secret: true },
    "feishu-vc:baseUrl": emulator.url,
    "feishu-vc:rateLimitScale": String(rateLimitScale),
  };
}

export interface EngineStackOptions {
  /**
   * A scenario folder name under tests/engine/programs/, an absolute program directory, or an
   * inline program.
   */
  program: string | PulumiFn;
  /** Project name for inline programs (default `engine-inline`); folders use their Pulumi.yaml. */
  projectName?: string;
  /** Stack config, keys without a namespace get the project's. May depend on the emulator. */
  config?: Record<string, ConfigInput> | ((ctx: EngineContext) => Record<string, ConfigInput>);
  /** Extra environment for the engine and the program. May depend on the emulator. */
  env?: Record<string, string> | ((ctx: EngineContext) => Record<string, string>);
  /**
   * Start a fresh emulator process for this stack: `true` or the options passed to
   * `startEmulatorProcess`.
   */
  emulator?: boolean | EmulatorProcessOptions;
}

/** What `config` and `env` callbacks can use. */
export interface EngineContext {
  /** This stack's temp dir, removed by `dispose()`. */
  tempDir: string;
  emulator: EmulatorProcess | undefined;
}

/** One resource of the exported state. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface EngineStack extends EngineContext {
  stack: Stack;
  /** The stack's name, for CLI commands run against it. */
  stackName: string;
  /** Program directory (Pulumi.yaml). */
  workDir: string;
  /** The environment the engine runs with (backend, passphrase, PULUMI_HOME, PATH), for CLIs. */
  env: Record<string, string>;
  workspace: LocalWorkspace;
  /** Everything the engine printed so far (all operations), for grepping. */
  readonly output: string;
  up(): Promise<UpResult>;
  preview(): Promise<PreviewResult>;
  refresh(): Promise<RefreshResult>;
  destroy(): Promise<DestroyResult>;
  /** The stack's resources from `pulumi stack export`. */
  exportState(): Promise<StateResource[]>;
  /** Stops the emulator, removes the stack's files and the temp dir. Safe to call twice. */
  dispose(): Promise<void>;
}

let cachedBinDir: string | undefined;

/**
 * The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`:
 * from the globalSetup's env var, else by running scripts/pulumi-bin.js (which may build the CLI).
 */
export function engineBinDir(): string {
  if (cachedBinDir) return cachedBinDir;
  const fromEnv = process.env[BIN_DIR_ENV];
  if (fromEnv) {
    cachedBinDir = fromEnv;
    return fromEnv;
  }
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "pulumi-bin.js")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = result.stdout?.trim().split("\n").pop();
  if (result.status !== 0 || !dir) {
    throw new Error(
      `scripts/pulumi-bin.js failed (exit ${String(result.status)}); see its message above ` +
        "and docs/pulumi-cli.md",
    );
  }
  cachedBinDir = dir;
  process.env[BIN_DIR_ENV] = dir;
  return dir;
}

let stackCounter = 0;

/** Creates a fresh stack on the real engine. Always `dispose()` it (e.g. in `afterEach`). */
export async function createEngineStack(options: EngineStackOptions): Promise<EngineStack> {
  const binDir = engineBinDir();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-engine-"));
  const backendDir = path.join(tempDir, "state");
  const pulumiHome = path.join(tempDir, "pulumi-home");
  fs.mkdirSync(backendDir);
  fs.mkdirSync(pulumiHome);

  let emulator: EmulatorProcess | undefined;
  let disposed = false;
  let workDir: string | undefined;
  const stackName = `t${process.pid}-${++stackCounter}`;
  const cleanup = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    try {
      if (emulator) await emulator.stop();
    } finally {
      // Stack settings land in the program folder (as with `pulumi config set`).
      if (workDir) fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  };

  try {
    if (options.emulator) {
      emulator = await startEmulatorProcess(
        options.emulator === true ? undefined : options.emulator,
      );
    }
    const ctx: EngineContext = { tempDir, emulator };
    const extraEnv = typeof options.env === "function" ? options.env(ctx) : (options.env ?? {});
    const envVars: Record<string, string> = {
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_HOME: pulumiHome,
      PATH: [binDir, process.env.PATH ?? ""].join(path.delimiter),
      // The dynamic-provider launcher resolves @pulumi/pulumi from its working directory; this is
      // the fallback for inline programs, whose working directory is outside the repo.
      NODE_PATH: path.join(REPO_ROOT, "node_modules"),
      // `feishu-vc up` remembers succeeded ups per user; each test stack keeps its own.
      FEISHU_VC_UP_RECORDS_DIR: path.join(tempDir, "up-records"),
      ...extraEnv,
    };
    const pulumiCommand = await engineCommand(binDir);

    let stack: Stack;
    if (typeof options.program === "function") {
      workDir = path.join(tempDir, "program");
      fs.mkdirSync(workDir);
      stack = await LocalWorkspace.createOrSelectStack(
        {
          stackName,
          projectName: options.projectName ?? "engine-inline",
          program: options.program,
        },
        { workDir, pulumiHome, envVars, pulumiCommand },
      );
    } else {
      workDir = path.isAbsolute(options.program)
        ? options.program
        : path.join(PROGRAMS_DIR, options.program);
      if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) {
        throw new Error(`no Pulumi.yaml in ${workDir}`);
      }
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir },
        { pulumiHome, envVars, pulumiCommand },
      );
    }

    const config = typeof options.config === "function" ? options.config(ctx) : options.config;
    if (config) await stack.setAllConfig(toConfigMap(config));

    let output = "";
    const onOutput = (text: string): void => {
      output += text;
    };
    const onError = (text: string): void => {
      output += text;
    };
    return {
      tempDir,
      emulator,
      stack,
      stackName,
      workDir,
      env: { ...envVars, [BIN_DIR_ENV]: binDir },
      workspace: stack.workspace as LocalWorkspace,
      get output() {
        return output;
      },
      up: () => stack.up({ onOutput, onError }),
      preview: () => stack.preview({ onOutput, onError }),
      refresh: () => stack.refresh({ onOutput, onError }),
      destroy: () => stack.destroy({ onOutput, onError }),
      exportState: async () => parseResources((await stack.exportStack()).deployment),
      dispose: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** PulumiCommand for the bin dir: `root` when it is a `<root>/bin` layout, else via PATH. */
async function engineCommand(binDir: string): Promise<PulumiCommand> {
  if (path.basename(binDir) === "bin") {
    return PulumiCommand.get({ root: path.dirname(binDir) });
  }
  const entries = (process.env.PATH ?? "").split(path.delimiter);
  if (entries[0] !== binDir) process.env.PATH = [binDir, ...entries].join(path.delimiter);
  return PulumiCommand.get();
}

function toConfigMap(config: Record<string, ConfigInput>): ConfigMap {
  const map: ConfigMap = {};
  for (const [key, input] of Object.entries(config)) {
    map[key] =
      typeof input === "string" ? { value: input } : { value: input.value, secret: input.secret };
  }
  return map;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseResources(deployment: unknown): StateResource[] {
  if (!isRecord(deployment)) throw new Error("stack export: no deployment");
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) throw new Error("stack export: resources is not a list");
  return resources.map((r: unknown): StateResource => {
    if (!isRecord(r) || typeof r.urn !== "string" || typeof r.type !== "string") {
      throw new Error("stack export: malformed resource");
    }
    return {
      urn: r.urn,
      type: r.type,
      id: typeof r.id === "string" ? r.id : undefined,
      inputs: isRecord(r.inputs) ? r.inputs : {},
      outputs: isRecord(r.outputs) ? r.outputs : {},
    };
  });
}
