/**
 * The default program (root Pulumi.yaml) on a layout file, through the real engine against the
 * emulator: up, a no-op second up, a layout edit that gives exactly the expected steps, the
 * review plan of that edit, and the drift report's exit-code verdicts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { createClient } from "../../provider/client";
import { detectDrift } from "../../provider/cli/drift-command";
import { planFromEvents } from "../../provider/review/plan-model";
import { planToMarkdown } from "../../provider/review/plan-markdown";
import { runCli } from "../helpers/cli";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;

const BASE = `version: 1
levels:
  - key: t-hq
    name: HQ
    levels:
      - key: t-f1
        name: F1
        rooms:
          - { key: t-everest, name: Everest, capacity: 12, devices: [{ name: TV }] }
          - { key: t-k2, name: K2, capacity: 8 }
          - { key: t-lhotse, name: Lhotse, capacity: 6 }
      - key: t-f2
        name: F2
        config: { roomBackground: "https://example.com/f2.png" }
        rooms:
          - { key: t-fuji, name: Fuji, capacity: 4 }
`;

// Rename Everest, move K2 to F2, change Fuji's capacity, remove Lhotse, add Denali; the rooms
// are also listed in another order, which must change nothing by itself.
const EDITED = `version: 1
levels:
  - key: t-hq
    name: HQ
    levels:
      - key: t-f2
        name: F2
        config: { roomBackground: "https://example.com/f2.png" }
        rooms:
          - { key: t-fuji, name: Fuji, capacity: 5 }
          - { key: t-k2, name: K2, capacity: 8 }
      - key: t-f1
        name: F1
        rooms:
          - { key: t-denali, name: Denali, capacity: 10 }
          - { key: t-everest, name: Everest Summit, capacity: 12, devices: [{ name: TV }] }
`;

// The whole review comment `feishu-vc plan` prints for that edit (`STACK`: the stack's name).
const EXPECTED_PLAN = fs.readFileSync(
  path.join(__dirname, "expected", "layout-edit-plan.md"),
  "utf8",
);

let engine: EngineStack;
let layoutFile: string;

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "layout.yaml");
      fs.writeFileSync(layoutFile, BASE);
      return {
        "feishu-vc:layout": layoutFile,
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      };
    },
  });
});
afterAll(async () => {
  await engine?.dispose();
});

const changes = (summary: Record<string, number> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));

describe("the default program on a layout file", () => {
  it("creates the layout, then a second up changes nothing", async () => {
    const first = await engine.up();
    expect(changes(first.summary.resourceChanges)).toEqual({ create: 9 }); // stack + 3 levels + 4 rooms + 1 config
    expect(first.outputs.counts?.value).toEqual({ levels: 3, rooms: 4, configs: 1 });
    const second = await engine.up();
    expect(changes(second.summary.resourceChanges)).toEqual({});
  });

  it("plans a layout edit as exactly the expected steps, readable for review", async () => {
    fs.writeFileSync(layoutFile, EDITED);
    const events: EngineEvent[] = [];
    await engine.stack.preview({ onEvent: (event) => events.push(event) });
    const plan = planFromEvents(events);
    const byAction = (action: string): string[] =>
      plan.steps
        .filter((s) => s.action === action)
        .map((s) => s.name)
        .sort();
    expect(byAction("update")).toEqual(["room-t-everest", "room-t-fuji", "room-t-k2"]);
    expect(byAction("create")).toEqual(["room-t-denali"]);
    expect(byAction("delete")).toEqual(["room-t-lhotse"]);
    expect(byAction("replace")).toEqual([]);
    const markdown = planToMarkdown(plan, { stackName: "review" });
    expect(markdown).toContain("| 1 | 3 | 0 | 1 |");
    expect(markdown).toContain("- `name`: `Everest` → `Everest Summit`");
    expect(markdown).toContain("- `capacity`: `4` → `5`");
    expect(markdown).toMatch(
      /### ⚠️ Deletions[\s\S]*#### HQ \/ F1[\s\S]*\*\*delete\*\* Room \*\*Lhotse\*\*/,
    );
    const cli = await runCli(["plan", "--stack", engine.stackName, "--cwd", engine.workDir], {
      env: engine.env,
    });
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(EXPECTED_PLAN.replace("STACK", engine.stackName));
    const cut = planToMarkdown(plan, { stackName: "review", maxChars: 400 });
    expect(cut.length).toBeLessThanOrEqual(400);
    expect(cut).toContain("| 1 | 3 | 0 | 1 |");
    expect(cut).toContain("lines cut to fit 400 characters");
  });

  it("applies the edit in place: ids are unchanged and a second up is a no-op", async () => {
    const before = (await engine.exportState()).filter((r) => r.type.endsWith(":Room"));
    // Through `feishu-vc up`, which reports progress and queued writes on stderr.
    const up = ["up", "--stack", engine.stackName, "--cwd", engine.workDir];
    const result = await runCli(up, { env: engine.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("up: create 1, delete 1, update 3 (succeeded)\n");
    expect(result.stderr).toMatch(/up \[.*\] \d+\/\d+ steps \| /);
    const after = (await engine.exportState()).filter((r) => r.type.endsWith(":Room"));
    const idOf = (rs: typeof before, name: string): string | undefined =>
      rs.find((r) => r.urn.endsWith(`::${name}`))?.id;
    for (const name of ["room-t-everest", "room-t-fuji", "room-t-k2"])
      expect(idOf(after, name)).toBe(idOf(before, name));
    // Answered without the engine (nothing changed since: ADR 0009), and the engine agrees.
    const again = await runCli(up, { env: engine.env });
    expect(again.stdout).toMatch(/^up: no changes \(skipped: /);
    const engineAgain = await runCli([...up, "--no-skip-unchanged"], { env: engine.env });
    expect(engineAgain.stdout).toBe("up: no changes (succeeded)\n");
  });

  it("reports no drift on a clean stack, then names drifted fields, deleted and unmanaged rooms", async () => {
    const clean = await detectDrift(engine.stack);
    expect(clean.hasDrift).toBe(false);
    expect(clean.coveragePercent).toBe(100);

    const emulator = engine.emulator!;
    const client = createClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      rateLimitScale: RATE_LIMIT_SCALE,
    });
    const state = await engine.exportState();
    const id = (name: string): string => state.find((r) => r.urn.endsWith(`::${name}`))!.id!;
    await client.rooms.patch(id("room-t-fuji"), { capacity: 30 });
    await client.rooms.delete(id("room-t-denali"));
    await client.rooms.create({
      name: "Pop-up room",
      capacity: 2,
      room_level_id: id("level-t-f1"),
    });

    const drifted = await detectDrift(engine.stack);
    expect(drifted.hasDrift).toBe(true);
    expect(drifted.drifted).toEqual([
      expect.objectContaining({
        name: "room-t-fuji",
        fields: [{ field: "capacity", declared: 5, live: 30 }],
      }),
    ]);
    expect(drifted.deleted.map((d) => d.name)).toEqual(["room-t-denali"]);
    expect(drifted.unmanaged.map((u) => u.name)).toEqual(["Pop-up room"]);
    expect(drifted.coveragePercent).toBeLessThan(100);
  });

  it("`feishu-vc drift` exits 2 on drift, 1 on a broken stack, and `--fix` restores the declaration", async () => {
    const drift = (...extra: string[]) =>
      runCli(["drift", "--stack", engine.stackName, "--cwd", engine.workDir, ...extra], {
        env: engine.env,
      });
    const drifted = await drift();
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toContain("Fuji");
    expect(drifted.stdout).toContain("`capacity`");
    expect(drifted.stdout).toContain("Pop-up room");

    // Broken: the stack's credentials are wrong. Exit 1, and the secret is not echoed.
    const secret = engine.emulator!.appSecret;
    await engine.stack.setConfig("feishu-vc:appSecret", {
      value: "wrong-secret-1234",
      secret: true,
    });
    const broken = await drift("--json");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe("");
    expect(broken.stderr).not.toContain("wrong-secret-1234");
    await engine.stack.setConfig("feishu-vc:appSecret", { value: secret, secret: true });

    const fixed = await drift("--fix");
    expect(fixed.code).toBe(2);
    expect(fixed.stderr).toContain("drift: fixed by `up`");
    const after = await drift("--json");
    const report = JSON.parse(after.stdout) as {
      drifted: unknown[];
      deleted: unknown[];
      unmanaged: { name: string }[];
    };
    // Managed objects are back as declared; the unmanaged room is reported, never deleted.
    expect(report.drifted).toEqual([]);
    expect(report.deleted).toEqual([]);
    expect(report.unmanaged.map((u) => u.name)).toEqual(["Pop-up room"]);
    expect(after.code).toBe(2);
  });
});
