/**
 * Opens a Pulumi stack through the Automation API for the CLI commands (demo, plan, drift): the
 * program directory, the stack name, and the Pulumi CLI to use. The backend, passphrase and
 * credentials come from the usual Pulumi environment (`PULUMI_BACKEND_URL`, `pulumi login`,
 * `PULUMI_CONFIG_PASSPHRASE`), exactly as `pulumi up` would see them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

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
  const options = { workDir, envVars, pulumiCommand };
  return target.create === true
    ? LocalWorkspace.createOrSelectStack({ stackName: target.stackName, workDir }, options)
    : LocalWorkspace.selectStack({ stackName: target.stackName, workDir }, options);
}
