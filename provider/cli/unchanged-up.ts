/**
 * Recognising a `feishu-vc up` that cannot change anything (issue 22, ADR 0009), so that it costs
 * a few reads instead of two engine passes over every resource (a no-change up of 10,000 rooms
 * is ~2 minutes of engine CPU per pass, growing linearly with the stack).
 *
 * An `up` without `--refresh` never reads the tenant: its outcome is a function of the program's
 * inputs and the stack's state. When both are byte for byte what they were right after an `up`
 * that succeeded, running it again can only produce "no changes" (the engine tests prove that a
 * second up changes nothing), so the run is skipped and says so. What counts as an input:
 * - the program: only the default layout program (Pulumi.yaml's `main` is this package's
 *   `program.js`), whose inputs are known: its code (this package's built files, schemas and
 *   package.json), the stack config (secret values folded into the digest, never stored), the
 *   layout file's bytes, the provider's environment fallbacks, Pulumi.yaml and the stack file,
 *   and the versions of the Pulumi CLI and SDK. An own TypeScript program may read anything (the
 *   clock, other files), so it always runs the engine;
 * - the state: the digest of the exported deployment. Any other run that writes the state (a
 *   `pulumi up` or `refresh` from anywhere, an import, an interrupted run) changes it.
 *
 * The record is kept per user (a file named by the state digest holding the inputs digest), not
 * in the repository or the state: a fresh machine just runs the engine once.
 */
import { createHash, type Hash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConfigMap, Deployment } from "@pulumi/pulumi/automation";
import { parse as parseYaml } from "yaml";
import { ENV_KEYS } from "../resources";

/** Overrides where the records are kept (tests; read-only home directories). */
const UP_RECORDS_DIR_ENV = "FEISHU_VC_UP_RECORDS_DIR";
const LAYOUT_CONFIG_KEY = "feishu-vc:layout";
const DEFAULT_LAYOUT = "layout.yaml";
/** Records older than this are pruned: a stack left alone for a month runs the engine once. */
const RECORD_TTL_MS = 30 * 24 * 3600 * 1000;
/** Bumped when what the digest covers changes, so older records never match. */
const DIGEST_VERSION = "feishu-vc unchanged-up 1";

/** This package's default program, as built next to this module (dist/provider/program.js). */
const OWN_PROGRAM = path.resolve(__dirname, "..", "program.js");

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** Whether the program in `workDir` is this package's layout program (the only one skipped). */
export function isLayoutProgram(workDir: string): boolean {
  let project: unknown;
  try {
    project = parseYaml(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"));
  } catch {
    return false;
  }
  if (typeof project !== "object" || project === null) return false;
  const { runtime, main } = project as { runtime?: unknown; main?: unknown };
  const runtimeName =
    typeof runtime === "object" && runtime !== null
      ? (runtime as { name?: unknown }).name
      : runtime;
  if (runtimeName !== "nodejs" || typeof main !== "string") return false;
  const declared = realpath(path.resolve(workDir, main));
  return declared !== undefined && declared === realpath(OWN_PROGRAM);
}

/** The directory holding the package.json of the package this module was built in. */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("[feishu-vc] package.json not found above the CLI");
    dir = parent;
  }
  return dir;
}

/** Adds a directory tree's files (relative path and bytes) in a stable order. */
function hashTree(hash: Hash, root: string): void {
  if (!fs.existsSync(root)) return;
  const files = fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((name) => fs.statSync(path.join(root, name)).isFile())
    .sort();
  for (const name of files) {
    hash.update(`\0file ${name}\0`);
    hash.update(fs.readFileSync(path.join(root, name)));
  }
}

function hashFile(hash: Hash, label: string, file: string): void {
  hash.update(`\0${label}\0`);
  hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "(absent)");
}

export interface UpInputs {
  workDir: string;
  stackName: string;
  config: ConfigMap;
  /** Version of the Pulumi CLI the engine runs. */
  pulumiVersion: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Digest of everything the layout program's outcome depends on besides the state, or undefined
 * when an input cannot be read (the engine then runs and reports the problem itself).
 */
export function upInputsDigest(inputs: UpInputs): string | undefined {
  const env = inputs.env ?? process.env;
  const hash = createHash("sha256").update(DIGEST_VERSION);
  try {
    const ownRoot = packageRoot();
    hashFile(hash, "package.json", path.join(ownRoot, "package.json"));
    hashTree(hash, path.dirname(OWN_PROGRAM));
    hashTree(hash, path.join(ownRoot, "schemas"));
    const sdk = require.resolve("@pulumi/pulumi/package.json", { paths: [OWN_PROGRAM] });
    hashFile(hash, "sdk", sdk);
    hash.update(`\0cli ${inputs.pulumiVersion}\0`);
    hashFile(hash, "Pulumi.yaml", path.join(inputs.workDir, "Pulumi.yaml"));
    // A fully qualified name (org/project/stack) keeps its settings in Pulumi.<stack>.yaml.
    const stackFile = `Pulumi.${inputs.stackName.split("/").at(-1) ?? inputs.stackName}.yaml`;
    hashFile(hash, "stack file", path.join(inputs.workDir, stackFile));
    const config = Object.entries(inputs.config).sort(([a], [b]) => a.localeCompare(b));
    hash.update(`\0config\0${JSON.stringify(config)}`);
    for (const name of Object.values(ENV_KEYS).sort()) hash.update(`\0${name}=${env[name] ?? ""}`);
    const layout = inputs.config[LAYOUT_CONFIG_KEY]?.value ?? DEFAULT_LAYOUT;
    hash.update("\0layout\0");
    hash.update(fs.readFileSync(path.resolve(inputs.workDir, layout)));
  } catch {
    return undefined;
  }
  return hash.digest("hex");
}

/** Digest of a stack's exported state. */
export function stateDigest(deployment: Deployment): string {
  return createHash("sha256").update(JSON.stringify(deployment)).digest("hex");
}

interface UpRecord {
  inputs: string;
  stack: string;
  at: string;
}

/** Where the records live: $FEISHU_VC_UP_RECORDS_DIR, else the user's cache directory. */
export function upRecordsDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const override = env[UP_RECORDS_DIR_ENV];
  if (override !== undefined && override !== "") return override;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-feishu-vc", "up-records");
}

/** The successful ups this user ran, by the digest of the state each one left. */
export class UpRecords {
  constructor(private readonly dir: string = upRecordsDir()) {}

  /** When an up that succeeded left exactly this state from exactly these inputs, its record. */
  find(state: string, inputs: string): UpRecord | undefined {
    try {
      const record = JSON.parse(
        fs.readFileSync(path.join(this.dir, `${state}.json`), "utf8"),
      ) as Partial<UpRecord>;
      return record.inputs === inputs &&
        typeof record.at === "string" &&
        typeof record.stack === "string"
        ? (record as UpRecord)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Remembers a succeeded up. Best effort: a cache that cannot be written only means the next
   * run uses the engine. Written to a temp file and renamed, so a reader never sees half a record.
   */
  remember(state: string, inputs: string, stack: string, now = new Date()): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.prune(now);
      const record: UpRecord = { inputs, stack, at: now.toISOString() };
      const temp = path.join(this.dir, `.${state}.${process.pid}.tmp`);
      fs.writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
      fs.renameSync(temp, path.join(this.dir, `${state}.json`));
    } catch {
      // The skip is an optimisation only.
    }
  }

  private prune(now: Date): void {
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (now.getTime() - fs.statSync(file).mtimeMs > RECORD_TTL_MS)
        fs.rmSync(file, { force: true });
    }
  }
}
