/**
 * The layout file: the examples validate, and every file of the invalid corpus is rejected with
 * exactly the expected `line:col path: message` list (tests/layout/invalid/expected.json), all
 * errors at once, before anything could reach the tenant.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isFeishuVcError } from "../../provider/client";
import {
  LayoutError,
  isLayoutError,
  loadLayout,
  validateLayoutFile,
  validateLayoutText,
} from "../../provider/layout";
import { main } from "../../provider/cli/main";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const INVALID_DIR = path.join(__dirname, "invalid");
const expected = JSON.parse(
  fs.readFileSync(path.join(INVALID_DIR, "expected.json"), "utf8"),
) as Record<string, string[]>;
const corpus = fs.readdirSync(INVALID_DIR).filter((f) => f.endsWith(".yaml"));

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = jest
    .spyOn(process.stdout, "write")
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  const err = jest
    .spyOn(process.stderr, "write")
    .mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  try {
    const code = await main(["node", "feishu-vc", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("layout validation", () => {
  it("has a corpus of at least 55 invalid layouts, each with its expected errors", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(55);
    expect(Object.keys(expected).sort()).toEqual([...corpus].sort());
  });

  it.each(corpus)("rejects %s with the expected file:line:col, field path and message", (file) => {
    // From the bytes on disk: some files are not UTF-8 on purpose.
    const result = validateLayoutFile(path.join(INVALID_DIR, file), file);
    expect(result.layout).toBeUndefined();
    expect(
      result.issues.map(
        (i) => `${i.line}:${i.column} ${i.path === "" ? "" : `${i.path}: `}${i.message}`,
      ),
    ).toEqual(expected[file]);
    expect(result.issues.every((i) => i.file === file)).toBe(true);
  });

  it("reports every problem of a file at once, schema and semantic alike", () => {
    // One problem per room, each on its own line: three the schema finds, two only the loader's
    // own checks can (a duplicate key, a duplicate name in a level).
    const text = [
      "version: 1",
      "levels:",
      "  - key: hq",
      "    name: HQ",
      "    rooms:",
      "      - { key: a, name: A, capacity: -1 }",
      "      - { key: b, name: B }",
      "      - { key: c, name: C, capacity: 3, colour: red }",
      "      - { key: hq, name: D, capacity: 2 }",
      "      - { key: e, name: A, capacity: 2 }",
    ].join("\n");
    const result = validateLayoutText(text, "many.yaml");
    expect(result.layout).toBeUndefined();
    expect(result.issues.map((i) => [i.line, i.path])).toEqual([
      [6, "levels[0].rooms[0].capacity"],
      [7, "levels[0].rooms[1]"],
      [8, "levels[0].rooms[2].colour"],
      [9, "levels[0].rooms[3].key"],
      [10, "levels[0].rooms[4].name"],
    ]);
  });

  it("accepts the example campus and counts what it declares", () => {
    const layout = loadLayout(path.join(REPO_ROOT, "examples", "campus", "layout.yaml"));
    const rooms = (levels: typeof layout.levels): number =>
      levels.reduce((n, level) => n + (level.rooms?.length ?? 0) + rooms(level.levels ?? []), 0);
    expect(layout.levels).toHaveLength(1);
    expect(layout.levels[0]!.levels).toHaveLength(2);
    expect(rooms(layout.levels)).toBeGreaterThanOrEqual(20);
  });

  it("names a missing file in a LayoutError, branded like every error of the package", () => {
    expect(() => loadLayout("/nonexistent/layout.yaml")).toThrow(LayoutError);
    let thrown: unknown;
    try {
      loadLayout("/nonexistent/layout.yaml");
    } catch (error) {
      thrown = error;
    }
    expect(isFeishuVcError(thrown)).toBe(true);
    expect(isLayoutError(thrown)).toBe(true);
    expect(() => loadLayout("/nonexistent/layout.yaml")).toThrow(
      /layout.yaml:1:1 cannot read the layout: file not found/,
    );
  });
});

describe("feishu-vc validate", () => {
  it("exits 0 and summarises a valid layout", async () => {
    const result = await runCli([
      "validate",
      path.join(REPO_ROOT, "examples", "campus", "layout.yaml"),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid \(9 levels, 21 rooms, 5 configs\)/);
  });

  it("exits 1 and prints one line per problem", async () => {
    const file = path.join(INVALID_DIR, "34-many-errors-at-once.yaml");
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /34-many-errors-at-once\.yaml:6:38 levels\[0\]\.rooms\[0\]\.capacity: must be >= 1$/,
    );
    expect(lines[3]).toMatch(/3 problems$/);
  });

  it("exits 64 on a usage error", async () => {
    expect((await runCli(["validate"])).code).toBe(64);
  });
});
