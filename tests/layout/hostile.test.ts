/**
 * Hostile and broken layout files (issue #18): whatever the bytes, the loader answers with
 * `file:line:col path: message` issues and never throws anything else, and the `feishu-vc
 * validate` process prints one line per problem and no stack trace. The per-file expectations of
 * the corpus are in layout.test.ts; this file covers what a fixture cannot be (directories,
 * unreadable files, FIFOs, sizes at the limits) and fuzzes the example campus.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  MAX_LAYOUT_BYTES,
  MAX_YAML_NODES,
  formatIssue,
  loadLayout,
  validateLayoutFile,
  validateLayoutText,
} from "../../provider/layout";
import { runCli } from "../helpers/cli";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const INVALID_DIR = path.join(__dirname, "invalid");
const CAMPUS = path.join(REPO_ROOT, "examples", "campus", "layout.yaml");
const corpus = fs.readdirSync(INVALID_DIR).filter((f) => f.endsWith(".yaml"));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-hostile-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** One issue line: `file:line:col path: message` with positive line and column. */
const ISSUE_LINE = /^[^\s:][^:]*:[1-9]\d*:[1-9]\d* \S.*$/;

function messagesOf(file: string): string[] {
  return validateLayoutFile(file, path.basename(file)).issues.map((i) => formatIssue(i));
}

describe("layout files that are not layout text", () => {
  it("says a directory is a directory, not that the file is missing", () => {
    expect(messagesOf(tmp)).toEqual([
      `${path.basename(tmp)}:1:1 is a directory, not a layout file: give the path of the YAML file`,
    ]);
    expect(messagesOf(path.join(tmp, "absent.yaml"))).toEqual([
      "absent.yaml:1:1 cannot read the layout: file not found",
    ]);
  });

  it("says a FIFO is not a regular file instead of waiting on it", () => {
    const fifo = path.join(tmp, "pipe.yaml");
    if (spawnSync("mkfifo", [fifo]).status !== 0) throw new Error("mkfifo failed");
    expect(messagesOf(fifo)).toEqual([
      "pipe.yaml:1:1 is not a regular file (a device, FIFO or socket): give a YAML file",
    ]);
  });

  it("says an unreadable file is unreadable", () => {
    const file = path.join(tmp, "secret.yaml");
    fs.copyFileSync(CAMPUS, file);
    fs.chmodSync(file, 0o000);
    fs.chmodSync(tmp, 0o755);
    // root reads any file, so the CLI runs as `nobody` there, with a copy of this Node that
    // `nobody` may run (the project's Node builds live under root's home, closed to others).
    const asRoot = process.getuid?.() === 0;
    const asNobody = asRoot ? { uid: 65534, gid: 65534 } : {};
    const node = asRoot ? path.join(tmp, "node") : process.execPath;
    if (asRoot) {
      fs.copyFileSync(process.execPath, node);
      fs.chmodSync(node, 0o755);
    }
    const result = spawnSync(
      node,
      [path.join(REPO_ROOT, "bin", "feishu-vc.js"), "validate", file],
      { cwd: tmp, encoding: "utf8", ...asNobody },
    );
    expect(result.stderr).toBe(
      "secret.yaml:1:1 cannot read the layout: permission denied (check the file's owner and mode)\n" +
        "secret.yaml: 1 problem\n",
    );
    expect(result.status).toBe(1);
  });

  it("refuses a file over the size limit before reading it", () => {
    const file = path.join(tmp, "huge.yaml");
    fs.writeFileSync(file, `version: 1\nlevels: []\n#${"x".repeat(MAX_LAYOUT_BYTES)}\n`);
    expect(messagesOf(file)).toEqual([
      `huge.yaml:1:1 the file has ${MAX_LAYOUT_BYTES + 24} bytes; a layout may have at most ${MAX_LAYOUT_BYTES} (4 MiB)`,
    ]);
  });

  it("refuses more YAML nodes than the limit, without aliases", () => {
    const file = path.join(tmp, "wide.yaml");
    fs.writeFileSync(file, `version: 1\nlevels: []\nx: [${"0,".repeat(MAX_YAML_NODES)}0]\n`);
    const messages = messagesOf(file);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^wide\.yaml:3:\d+ the layout has more than 1,000,000 YAML nodes; at most 1,000,000 are allowed$/,
    );
  });
});

describe("layout text that is fine", () => {
  it("accepts a UTF-8 byte order mark", () => {
    const file = path.join(tmp, "bom.yaml");
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(CAMPUS)]),
    );
    expect(loadLayout(file).levels).toHaveLength(1);
  });

  it("accepts many aliases of one anchor (the yaml library alone stops at 100)", () => {
    const rooms = Array.from(
      { length: 150 },
      (_, i) => `      - { key: r${i}, name: "Room ${i}", capacity: 4, devices: *tv }`,
    );
    const text = [
      "version: 1",
      "levels:",
      "  - key: hq",
      "    name: HQ",
      "    rooms:",
      "      - { key: r-first, name: First, capacity: 4, devices: &tv [{ name: TV }] }",
      ...rooms,
      "",
    ].join("\n");
    const result = validateLayoutText(text, "aliases.yaml");
    expect(result.issues).toEqual([]);
    expect(result.layout?.levels[0]?.rooms).toHaveLength(151);
  });

  it("accepts names in any script, with inner spaces", () => {
    const text = 'version: 1\nlevels:\n  - { key: hq, name: "总部 大楼 ✓" }\n';
    expect(validateLayoutText(text, "cjk.yaml").issues).toEqual([]);
  });
});

describe("fuzzing the example campus", () => {
  const campus = fs.readFileSync(CAMPUS);

  /** Every outcome is a valid layout or issues with real positions; nothing throws. */
  function expectCleanOutcome(bytes: Buffer, name: string): void {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    const result = validateLayoutFile(file, name);
    if (result.layout !== undefined) return;
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      const line = formatIssue(issue);
      expect(line).toMatch(ISSUE_LINE);
      expect(line).not.toMatch(/Maximum call stack|resource exhaustion|undefined|\[object/);
    }
  }

  it("truncated at 200 points", () => {
    for (let n = 0; n < 200; n += 1) {
      const cut = Math.floor((campus.length * n) / 200);
      expectCleanOutcome(campus.subarray(0, cut), "truncated.yaml");
    }
  });

  it("with one byte flipped at 400 points, and one byte replaced by a YAML indicator", () => {
    let seed = 18;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const indicators = Buffer.from("[]{}\"'&*!|>%@`#:-,?\t\0\xff");
    for (let n = 0; n < 400; n += 1) {
      const bytes = Buffer.from(campus);
      const at = Math.floor(random() * bytes.length);
      if (n % 2 === 0) bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
      else bytes[at] = indicators[Math.floor(random() * indicators.length)]!;
      expectCleanOutcome(bytes, "flipped.yaml");
    }
  });
});

describe("feishu-vc validate on every hostile file", () => {
  /** Checks one file's block of a validate run: issue lines, then `file: N problems`. */
  function blockProblems(stderr: string, shown: string): string[] {
    const lines = stderr.split("\n");
    const end = lines.findIndex((line) =>
      new RegExp(`^${escape(shown)}: \\d+ problems?$`).test(line),
    );
    if (end === -1) return [`${shown}: no summary line`];
    const own = lines.slice(0, end).filter((line) => line.startsWith(`${shown}:`));
    const problems: string[] = [];
    if (own.length === 0) problems.push(`${shown}: no issue line`);
    for (const line of own) if (!ISSUE_LINE.test(line)) problems.push(`malformed: ${line}`);
    return problems;
  }
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  it("prints one line per problem and a count per file, no stack trace, exit 1", async () => {
    const files = [...corpus.map((f) => path.join("tests", "layout", "invalid", f)), "tests"];
    const result = await runCli(["validate", ...files], { cwd: REPO_ROOT });
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(files.flatMap((file) => blockProblems(result.stderr, file))).toEqual([]);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.every((line) => ISSUE_LINE.test(line) || /: \d+ problems?$/.test(line))).toBe(
      true,
    );
    expect(result.code).toBe(1);
  }, 60_000);

  it("runs one file per process the same way (recursive alias, alias bomb, NUL byte)", async () => {
    for (const name of ["45-recursive-alias.yaml", "46-alias-bomb.yaml", "40-nul-byte.yaml"]) {
      const file = path.join("tests", "layout", "invalid", name);
      const result = await runCli(["validate", file], { cwd: REPO_ROOT });
      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        expect.stringMatching(ISSUE_LINE),
        `${file}: 1 problem`,
      ]);
    }
  }, 60_000);
});
