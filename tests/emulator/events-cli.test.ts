/**
 * `feishu-vc events serve` as a user runs it (the built CLI): it registers with the emulator's
 * handshake, prints one JSON line per event or feeds it to `--exec`, and refuses to start with
 * neither a token nor a key. Needs `npm run build`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { runCli } from "../helpers/cli";

const CLI = path.resolve(__dirname, "..", "..", "bin", "feishu-vc.js");
// Spawns node processes: allow for a loaded machine.
jest.setTimeout(30_000);

let emulator: RunningEmulator;
let child: ChildProcessWithoutNullStreams | undefined;
beforeEach(async () => {
  emulator = await startEmulator({ noRateLimit: true });
});
afterEach(async () => {
  child?.kill("SIGTERM");
  child = undefined;
  await emulator.close();
});

/** Starts `events serve` and resolves with its URL and a live view of its stdout. */
async function serve(args: string[]): Promise<{ url: string; stdout: () => string }> {
  const started = spawn(process.execPath, [CLI, "events", "serve", "--port", "0", ...args], {
    env: { ...process.env, FEISHU_EVENT_ENCRYPT_KEY: "", FEISHU_EVENT_VERIFICATION_TOKEN: "" },
  });
  child = started;
  let stdout = "";
  let stderr = "";
  started.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    started.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /receiving on (\S+)/.exec(stderr);
      if (match !== null) resolve(match[1]!);
    });
    started.on("close", () => reject(new Error(`events serve exited: ${stderr}`)));
  });
  return { url, stdout: () => stdout };
}

async function register(url: string): Promise<void> {
  const answer = await fetch(`${emulator.url}/__emulator/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url, verification_token: "cli-token", encrypt_key: "cli-key" }),
  });
  expect(answer.status).toBe(200);
}

async function createLevel(name: string): Promise<void> {
  emulator.tenant.levels.create({ name, parent_id: emulator.tenant.levels.rootId });
  return Promise.resolve();
}

const until = async (check: () => boolean): Promise<void> => {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

it("prints each event as one JSON line on stdout", async () => {
  const { url, stdout } = await serve([
    "--verification-token",
    "cli-token",
    "--encrypt-key",
    "cli-key",
  ]);
  await register(url);
  await createLevel("From the CLI");
  await until(() => stdout().includes("\n"));
  const lines = stdout().trim().split("\n");
  expect(lines).toHaveLength(1);
  const event = JSON.parse(lines[0]!) as { header: { event_type: string }; event: unknown };
  expect(event.header.event_type).toBe("vc.room_level.created_v1");
  expect(event.event).toMatchObject({ room_level: { name: "From the CLI" } });
  expect(stdout()).not.toContain("cli-token");
});

it("feeds each event to --exec on stdin", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "events-exec-"));
  const out = path.join(dir, "events.jsonl");
  try {
    const { url, stdout } = await serve([
      "--verification-token",
      "cli-token",
      "--encrypt-key",
      "cli-key",
      "--exec",
      `cat >> '${out}'; echo "$FEISHU_EVENT_TYPE" >> '${out}'`,
    ]);
    await register(url);
    await createLevel("Exec'd");
    await until(
      () =>
        fs.existsSync(out) && fs.readFileSync(out, "utf8").includes("vc.room_level.created_v1\n"),
    );
    const [json, type] = fs.readFileSync(out, "utf8").trim().split("\n");
    expect(JSON.parse(json!)).toMatchObject({ event: { room_level: { name: "Exec'd" } } });
    expect(type).toBe("vc.room_level.created_v1");
    expect(stdout()).toBe("");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it("refuses to start with neither a verification token nor an encrypt key", async () => {
  const result = await runCli(["events", "serve", "--port", "0"], {
    env: { FEISHU_EVENT_ENCRYPT_KEY: "", FEISHU_EVENT_VERIFICATION_TOKEN: "" },
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(/--verification-token or --encrypt-key/);
});
