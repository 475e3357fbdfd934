/**
 * The HTML usage page in a real browser: a seeded month of history (`POST /__emulator/history`)
 * rendered by `feishu-vc usage --format html`, opened from disk in Debian's headless Chromium
 * (scripts/chromium.js installs it; `npm test` runs that first). The page must draw one chart per
 * level with rooms, log no console error, request nothing from the network, and run no script
 * smuggled in through a room name.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { createClient } from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";
import { runCli } from "../helpers/cli";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CHROMIUM, ensureChromium } = require("../../scripts/chromium") as {
  CHROMIUM: string;
  ensureChromium: () => string;
};

jest.setTimeout(180_000);

const EVIL = `<img src=x onerror="window.__xss=1">`;
let emulator: EmulatorProcess;
let dir: string;
let browser: BrowserContext | undefined;

async function control(pathname: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator/${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${pathname}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Two buildings: A with floors F1 and F2, B with F1; two rooms a floor. */
const TREE = [
  { key: "a", name: "Building A", floors: ["a-f1", "a-f2"] },
  { key: "b", name: "Building B", floors: ["b-f1"] },
];

beforeAll(async () => {
  ensureChromium();
  emulator = await startEmulatorProcess({ noRateLimit: true });
  await control("exports/config", { delay_ms: 0 });
  const client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  const root = await client.roomLevels.root();
  const yaml = ["version: 1", "levels:"];
  for (const building of TREE) {
    const level = await client.roomLevels.create({
      name: building.name,
      parent_id: root.room_level_id,
      custom_group_id: building.key,
    });
    yaml.push(`  - key: ${building.key}`, `    name: ${building.name}`, "    levels:");
    for (const floorKey of building.floors) {
      const floor = await client.roomLevels.create({
        name: floorKey.slice(-2).toUpperCase(),
        parent_id: level.room_level_id,
        custom_group_id: floorKey,
      });
      yaml.push(`      - key: ${floorKey}`, `        name: ${floorKey.slice(-2).toUpperCase()}`);
      yaml.push("        rooms:");
      for (const [index, capacity] of [4, 12].entries()) {
        const key = `${floorKey}-r${index + 1}`;
        const name = key === "a-f1-r1" ? EVIL : `Room ${key}`;
        await client.rooms.create({
          name,
          capacity,
          room_level_id: floor.room_level_id,
          custom_room_id: key,
        });
        yaml.push(
          `          - { key: ${key}, name: ${JSON.stringify(name)}, capacity: ${capacity} }`,
        );
      }
    }
  }
  await control("history", { days: 30, seed: 20 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "usage-page-"));
  fs.writeFileSync(path.join(dir, "layout.yaml"), `${yaml.join("\n")}\n`);
});

afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("draws a chart per building and floor, offline and without errors", async () => {
  const page = path.join(dir, "usage.html");
  const result = await runCli(
    ["usage", "--layout", path.join(dir, "layout.yaml"), "--format", "html", "--out", page],
    {
      env: {
        FEISHU_APP_ID: emulator.appId,
        FEISHU_APP_SECRET: emulator.appSecret,
        FEISHU_BASE_URL: emulator.url,
      },
    },
  );
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: "" });

  // A fresh profile (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(dir, "profile-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const tab = await browser.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const failed: string[] = [];
  tab.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  tab.on("pageerror", (error) => consoleErrors.push(error.message));
  tab.on("request", (request) => requests.push(request.url()));
  tab.on("requestfailed", (request) => failed.push(request.url()));
  await tab.goto(`file://${page}`, { waitUntil: "load" });

  // Building A, A/F1, A/F2, Building B, B/F1: five levels with rooms, five charts.
  // Run in the page (the project's TypeScript has no DOM types): charts the page made, Chart.js's
  // own registry, and canvases with at least one painted (non-transparent) pixel.
  const charts = await tab.evaluate(`(() => {
    const painted = [...document.querySelectorAll("canvas")].filter((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      return data.some((value, index) => index % 4 === 3 && value !== 0);
    }).length;
    return {
      drawn: (window.usageCharts || []).length,
      instances: Object.keys(window.Chart.instances).length,
      painted,
    };
  })()`);
  expect(charts).toEqual({ drawn: 5, instances: 5, painted: 5 });
  expect(consoleErrors).toEqual([]);
  expect(failed).toEqual([]);
  // The page itself is the only thing loaded.
  expect(requests).toEqual([`file://${page}`]);
  expect(await tab.evaluate("typeof window.__xss")).toBe("undefined");
  // The room name shows as text in its floor's table.
  expect(await tab.locator("td", { hasText: EVIL }).count()).toBe(1);
});
