/**
 * A state file written by the release before the per-family split (one flat version-1
 * snapshot) loads unchanged, and is written back with every family's part.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";

const FIXTURE = path.join(__dirname, "fixtures", "tenant-v1.json");
const V1 = "/open-apis/vc/v1";

it("serves a tenant persisted by the previous release and keeps its keys when it writes it back", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-persist-"));
  const stateFile = path.join(dir, "tenant.json");
  fs.copyFileSync(FIXTURE, stateFile);
  const emulator = await startEmulator({ stateFile, noRateLimit: true });
  try {
    const token = (
      (await (
        await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: "POST",
          body: JSON.stringify({ app_id: "cli_emulator", app_secret: "emulator-secret" }),
        })
      ).json()) as { tenant_access_token: string }
    ).tenant_access_token;
    const get = async (url: string): Promise<Record<string, unknown>> =>
      (
        (await (
          await fetch(`${emulator.url}${url}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { data: Record<string, unknown> }
      ).data;

    expect(await get(`${V1}/room_levels/0`)).toEqual({
      room_level: {
        room_level_id: "omb_00000000000000000000000000000001",
        name: "Previous Release Tenant",
        parent_id: "",
        path: [],
        has_child: true,
      },
    });
    expect(await get(`${V1}/rooms/omm_00000000000000000000000000000003`)).toMatchObject({
      room: {
        name: "Room 1",
        capacity: 8,
        display_id: "LM134742334",
        path: ["omb_00000000000000000000000000000001", "omb_00000000000000000000000000000002"],
        room_status: { status: true, schedule_status: true },
      },
    });
    const config = await get(
      `${V1}/scope_config?scope_type=2&scope_id=omm_00000000000000000000000000000003`,
    );
    expect(config.current_config).toMatchObject({
      scope_config: { room_background: "https://example.com/bg.png" },
    });
  } finally {
    await emulator.close();
  }
  const written = JSON.parse(fs.readFileSync(stateFile, "utf8")) as Record<string, unknown>;
  const previous = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;
  // Every key and value of the old file survives the round trip (new families only add keys).
  expect(written).toMatchObject(previous);
  fs.rmSync(dir, { recursive: true, force: true });
});
