/**
 * Opens a Pulumi stack through the Automation API for the CLI commands (demo, plan, drift): the
 * program directory, the stack name, and the Pulumi CLI to use. The backend, passphrase and
 * credentials come from the usual Pulumi environment (`PULUMI_BACKEND_URL`, `pulumi login`,
 * `PULUMI_CONFIG_PASSPHRASE`), exactly as `pulumi up` would see them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack, type ConfigMap } from "@pulumi/pulumi/automation";
import { LayoutError, validateLayoutFile } from "../layout";

/** Environment variable naming a directory that holds `pulumi` and its Node.js plugins. */
const PULUMI_BIN_DIR_ENV = "PULUMI_FEISHU_VC_BIN_DIR";

/**
 * Resource operations the engine runs at once, unless `PULUMI_PARALLEL` says otherwise. Pulumi's
 * default is 4 per CPU (8 on a 2-CPU runner), which suits CPU-bound providers but not ours: the
 * API is the bottleneck, so every step should be waiting in the client's rate limiter or read
 * coalescer. At 8, a refresh reads 8 rooms per mget (126 mgets for 1,000 rooms instead of 10) and
 * unchanged resources queue behind writes waiting for their slot. 256 lets a refresh fill two
 * mget batches at once.
 */
export const ENGINE_PARALLELISM = 256;

export interface StackTarget {
  /** Directory holding Pulumi.yaml. */
  workDir: string;
  stackName: string;
  /** Create the stack when it does not exist (the demo); otherwise it must exist. */
  create?: boolean;
  /** Extra environment for the engine and the program. */
  envVars?: Record<string, string>;
  /** Directory of the `pulumi` binary; default: PULUMI_FEISHU_VC_BIN_DIR, else PATH. */
  pulumiBinDir?: string;
}

export async function openStack(target: StackTarget): Promise<Stack> {
  const workspace = await openWorkspace(target);
  return target.create === true
    ? Stack.createOrSelect(target.stackName, workspace)
    : Stack.select(target.stackName, workspace);
}

/**
 * The program's workspace without selecting a stack (selecting loads the stack's checkpoint,
 * which `up` may first have to repair after a killed run).
 */
export async function openWorkspace(target: StackTarget): Promise<LocalWorkspace> {
  const workDir = path.resolve(target.workDir);
  if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) {
    throw new Error(
      `[feishu-vc] no Pulumi.yaml in ${workDir}: pass the program directory with --cwd`,
    );
  }
  const binDir = target.pulumiBinDir ?? process.env[PULUMI_BIN_DIR_ENV];
  const envVars: Record<string, string> = {
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_PARALLEL: process.env.PULUMI_PARALLEL ?? String(ENGINE_PARALLELISM),
    ...(target.envVars ?? {}),
  };
  if (binDir !== undefined && binDir !== "") {
    // The engine starts `pulumi-language-nodejs` and the dynamic-provider launcher from PATH.
    envVars.PATH = [binDir, process.env.PATH ?? ""].join(path.delimiter);
  }
  const pulumiCommand = await PulumiCommand.get(
    binDir !== undefined && binDir !== "" && path.basename(binDir) === "bin"
      ? { root: path.dirname(binDir) }
      : {},
  );
  return LocalWorkspace.create({ workDir, envVars, pulumiCommand });
}

/** Stack config naming the layout file of the default program (relative to the program). */
const LAYOUT_CONFIG_KEY = "feishu-vc:layout";

/**
 * Validates the stack's layout file (stack config `feishu-vc:layout`) before the engine starts,
 * exactly as the default program will: a bad file is reported as `file:line:col` lines and no
 * engine, program or API call runs. Stacks without that config (own programs) are left alone.
 */
export function assertStackLayoutValid(workDir: string, config: ConfigMap): void {
  const configured = config[LAYOUT_CONFIG_KEY]?.value;
  if (configured === undefined) return;
  const file = path.resolve(workDir, configured);
  const result = validateLayoutFile(file);
  if (result.layout === undefined) throw new LayoutError(result.issues);
}

const PROTECTED = /marked for protection|cannot be deleted because it is protected|is protected/i;

/**
 * Runs an engine operation; when it failed because a protected level would be deleted, throws
 * one message saying which level and how to unprotect it, instead of the engine's whole output.
 */
export async function explainEngineError<T>(
  operation: Promise<T>,
  outcome = "nothing was changed",
): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (!PROTECTED.test(text)) throw error;
    const urns = [...new Set(text.match(/urn:pulumi:[^\s"'`]+/g) ?? [])].filter((urn) =>
      urn.includes(":RoomLevel::"),
    );
    const names = urns.map((urn) => urn.split("::").at(-1) ?? urn);
    throw new Error(
      [
        `[feishu-vc] refused: ${names.length === 0 ? "a protected resource" : names.map((n) => `"${n}"`).join(", ")} would be deleted, and levels are protected; ${outcome}.`,
        "To delete a level: put it back in the layout with `protect: false` (or `defaults: { protect: false }`), run up once, then remove it.",
        ...urns.map((urn) => `Or unprotect it in the state: pulumi state unprotect '${urn}'`),
      ].join("\n"),
    );
  }
}
