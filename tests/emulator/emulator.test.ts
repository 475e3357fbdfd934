/**
 * The emulator answers like the reference says, field by field and code by code. These tests
 * speak raw HTTP (Node's fetch), independently of our client.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { startEmulatorProcess } from "../../tools/harness/emulator-process";

const APP = { app_id: "cli_emulator", app_secret: "emulator-secret" };
const V1 = "/open-apis/vc/v1";

interface Answer {
  status: number;
  headers: Headers;
  body: {
    code: number;
    msg: string;
    data?: Record<string, unknown>;
    error?: { log_id?: string; field_violations?: unknown[] };
  } & Record<string, unknown>;
}

let emulator: RunningEmulator;
let token: string;

async function call(
  method: string,
  url: string,
  options: { body?: unknown; raw?: string; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  const response = await fetch(`${emulator.url}${url}`, {
    method,
    headers,
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer["body"],
  };
}

async function issueToken(): Promise<string> {
  const answer = await call("POST", "/open-apis/auth/v3/tenant_access_token/internal", {
    body: APP,
    auth: null,
  });
  return answer.body.tenant_access_token as string;
}

async function rootId(): Promise<string> {
  return (
    (await call("GET", `${V1}/room_levels/0`)).body.data!.room_level as { room_level_id: string }
  ).room_level_id;
}

async function createLevel(
  name: string,
  parentId: string,
  customGroupId?: string,
): Promise<string> {
  const answer = await call("POST", `${V1}/room_levels`, {
    body: {
      name,
      parent_id: parentId,
      ...(customGroupId ? { custom_group_id: customGroupId } : {}),
    },
  });
  expect(answer.body.code).toBe(0);
  return (answer.body.data!.room_level as { room_level_id: string }).room_level_id;
}

beforeEach(async () => {
  emulator = await startEmulator({ noRateLimit: true });
  token = await issueToken();
});
afterEach(async () => {
  await emulator.close();
});

describe("tenant access token", () => {
  it("issues a t- token for 7200 s and returns the same one, with the remaining seconds, when asked again", async () => {
    const first = await call("POST", "/open-apis/auth/v3/tenant_access_token/internal", {
      body: APP,
      auth: null,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: 0, msg: "ok", tenant_access_token: token });
    expect(first.body.expire).toBeLessThanOrEqual(7200);
    expect(first.body.expire).toBeGreaterThan(7190);
    expect(first.headers.get("x-tt-logid")).toMatch(/^\d{14}[0-9a-f]{16}$/);
  });

  it.each([
    [{ app_id: "cli_emulator", app_secret: "wrong" }, 10014],
    [{ app_id: "cli_other", app_secret: "emulator-secret" }, 10003],
    [{ app_id: "cli_emulator" }, 10003],
  ])("refuses %j with HTTP 400 and code %i", async (body, code) => {
    const answer = await call("POST", "/open-apis/auth/v3/tenant_access_token/internal", {
      body,
      auth: null,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(code);
    expect(answer.body.tenant_access_token).toBeUndefined();
  });

  it.each([
    [null, 99991661],
    ["Basic abc", 99991661],
    ["Bearer x-123", 99991671],
    ["Bearer t-0000000000000000000000000000000000000000", 99991663],
  ])("answers Authorization %p with HTTP 400 and code %i", async (auth, code) => {
    const answer = await call("GET", `${V1}/room_levels/0`, { auth });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(code);
    expect(answer.body.error?.log_id).toBe(answer.headers.get("x-tt-logid"));
  });

  it("rejects tokens after they expire, and a user token on tenant-only APIs", async () => {
    const short = await startEmulator({ noRateLimit: true, tokenTtlSeconds: 1 });
    const issued = (await (
      await fetch(`${short.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: "POST",
        body: JSON.stringify(APP),
      })
    ).json()) as { tenant_access_token: string; expire: number };
    expect(issued.expire).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await fetch(`${short.url}${V1}/room_levels/0`, {
      headers: { authorization: `Bearer ${issued.tenant_access_token}` },
    });
    expect(((await expired.json()) as { code: number }).code).toBe(99991663);
    const user = (
      (await (await fetch(`${short.url}/__emulator/user-token`, { method: "POST" })).json()) as {
        user_access_token: string;
      }
    ).user_access_token;
    const wrongKind = await fetch(`${short.url}${V1}/room_levels/0`, {
      headers: { authorization: `Bearer ${user}` },
    });
    expect(await wrongKind.json()).toMatchObject({
      code: 99991668,
      msg: "user access token not support",
    });
    await short.close();
  });
});

describe("room levels", () => {
  it("computes path and has_child, and recomputes them when a level moves", async () => {
    const root = await rootId();
    const a = await createLevel("A", root);
    const b = await createLevel("B", root);
    const f1 = await createLevel("F1", a);
    const got = (await call("GET", `${V1}/room_levels/${f1}`)).body.data!.room_level;
    expect(got).toEqual({
      room_level_id: f1,
      name: "F1",
      parent_id: a,
      path: [root, a],
      has_child: false,
    });
    expect(
      (
        (await call("GET", `${V1}/room_levels/${a}`)).body.data!.room_level as {
          has_child: boolean;
        }
      ).has_child,
    ).toBe(true);
    expect(
      (await call("PATCH", `${V1}/room_levels/${f1}`, { body: { name: "F1", parent_id: b } })).body,
    ).toEqual({ code: 0, msg: "success", data: {} });
    expect(
      ((await call("GET", `${V1}/room_levels/${f1}`)).body.data!.room_level as { path: string[] })
        .path,
    ).toEqual([root, b]);
    expect(
      (
        (await call("GET", `${V1}/room_levels/${a}`)).body.data!.room_level as {
          has_child: boolean;
        }
      ).has_child,
    ).toBe(false);
    const loop = await call("PATCH", `${V1}/room_levels/${b}`, {
      body: { name: "B", parent_id: f1 },
    });
    expect([loop.status, loop.body.code]).toEqual([400, 121003]);
  });

  it("keeps custom ids unique (404/121006) and finds levels by custom id in request order", async () => {
    const root = await rootId();
    const x = await createLevel("X", root, "cx");
    const y = await createLevel("Y", root, "cy");
    const dup = await call("POST", `${V1}/room_levels`, {
      body: { name: "Z", parent_id: root, custom_group_id: "cx" },
    });
    expect([dup.status, dup.body.code]).toEqual([404, 121006]);
    const found = await call("GET", `${V1}/room_levels/search?custom_level_ids=cy,none,cx`);
    expect(found.body.data).toEqual({ level_ids: [y, x] });
  });

  it("refuses to delete a level with children unless delete_child, which removes the subtree and its rooms", async () => {
    const root = await rootId();
    const a = await createLevel("A", root);
    const f = await createLevel("F", a);
    await call("POST", `${V1}/rooms`, { body: { name: "R", capacity: 2, room_level_id: f } });
    const refused = await call("POST", `${V1}/room_levels/del`, { body: { room_level_id: a } });
    expect([refused.status, refused.body.code]).toEqual([404, 125001]);
    expect(
      (
        await call("POST", `${V1}/room_levels/del`, {
          body: { room_level_id: a, delete_child: true },
        })
      ).body.code,
    ).toBe(0);
    expect((await call("GET", `${V1}/room_levels/${f}`)).body.code).toBe(121004);
    expect((await call("GET", `${V1}/rooms`)).body.data!.rooms).toEqual([]);
    const rootDelete = await call("POST", `${V1}/room_levels/del`, {
      body: { room_level_id: root },
    });
    expect(rootDelete.body.code).toBe(121003);
  });

  it("walks pages with opaque tokens, page_token only while has_more, and refuses garbage tokens", async () => {
    const root = await rootId();
    for (const name of ["A", "B", "C"]) await createLevel(name, root);
    const names: string[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const answer = await call(
        "GET",
        `${V1}/room_levels?page_size=1${pageToken ? `&page_token=${pageToken}` : ""}`,
      );
      const data = answer.body.data as {
        items: { name: string }[];
        has_more: boolean;
        page_token?: string;
      };
      names.push(...data.items.map((i) => i.name));
      if (!data.has_more) {
        expect(data.page_token).toBeUndefined();
        break;
      }
      pageToken = data.page_token;
    }
    expect(names).toEqual(["A", "B", "C"]);
    expect((await call("GET", `${V1}/room_levels?page_token=garbage`)).body.code).toBe(121003);
    expect((await call("GET", `${V1}/room_levels?page_size=101`)).body.code).toBe(99992402);
  });
});

describe("rooms", () => {
  it("creates a room with every field and reads it back, omitting unset fields", async () => {
    const level = await createLevel("L", await rootId());
    const created = await call("POST", `${V1}/rooms?user_id_type=open_id`, {
      body: {
        name: "Everest",
        capacity: 12,
        room_level_id: level,
        custom_room_id: "everest",
        device: [{ name: "TV" }],
        room_status: {
          status: false,
          disable_start_time: "4102444800",
          disable_end_time: "0",
          disable_reason: "Refit",
          contact_ids: ["ou_1"],
        },
      },
    });
    const room = created.body.data!.room as Record<string, unknown>;
    expect(room.room_id).toMatch(/^omm_[0-9a-f]{32}$/);
    expect(room.display_id).toMatch(/^LM\d+$/);
    expect(room).not.toHaveProperty("description");
    expect(room.room_status).toMatchObject({
      status: false,
      schedule_status: false,
      disable_end_time: "0",
    });
  });

  it.each([
    ["capacity as a string", { name: "R", capacity: "12" }, 400, 99992402],
    ["no name", { capacity: 2 }, 400, 99992402],
    ["capacity 0", { name: "R", capacity: 0 }, 400, 121003],
    ["a 101-character name", { name: "x".repeat(101), capacity: 2 }, 400, 121003],
    [
      "numeric disable times",
      { name: "R", capacity: 2, room_status: { status: false, disable_start_time: 1 } },
      400,
      99992402,
    ],
    ["room_status without status", { name: "R", capacity: 2, room_status: {} }, 400, 99992402],
    ["an unknown level", { name: "R", capacity: 2, room_level_id: "omb_missing" }, 404, 121004],
  ])("rejects %s without writing anything", async (_what, body, status, code) => {
    const level = await createLevel("L", await rootId());
    const answer = await call("POST", `${V1}/rooms`, { body: { room_level_id: level, ...body } });
    expect([answer.status, answer.body.code]).toEqual([status, code]);
    expect((await call("GET", `${V1}/rooms`)).body.data!.rooms).toEqual([]);
  });

  it("answers invalid JSON with 99992402 and unknown paths and methods with the gateway codes", async () => {
    const bad = await call("POST", `${V1}/rooms`, { raw: "{not json" });
    expect([bad.status, bad.body.code]).toEqual([400, 99992402]);
    expect((await call("GET", `${V1}/nothing`)).body.code).toBe(99991201);
    expect((await call("PUT", `${V1}/rooms`)).body.code).toBe(99991301);
  });

  it("patches only the given fields and replaces room_status and device whole; 125001 when levels are fixed", async () => {
    const level = await createLevel("L", await rootId());
    const room = (
      (
        await call("POST", `${V1}/rooms`, {
          body: {
            name: "R",
            capacity: 2,
            room_level_id: level,
            description: "d",
            device: [{ name: "TV" }, { name: "Phone" }],
          },
        })
      ).body.data!.room as { room_id: string }
    ).room_id;
    await call("PATCH", `${V1}/rooms/${room}`, {
      body: { capacity: 3, device: [{ name: "Camera" }] },
    });
    expect((await call("GET", `${V1}/rooms/${room}`)).body.data!.room).toMatchObject({
      name: "R",
      capacity: 3,
      description: "d",
      device: [{ name: "Camera" }],
    });
    await fetch(`${emulator.url}/__emulator/tenant`, {
      method: "PATCH",
      body: JSON.stringify({ flexibleLevels: false }),
    });
    const refused = await call("PATCH", `${V1}/rooms/${room}`, { body: { capacity: 4 } });
    expect([refused.status, refused.body.code]).toEqual([404, 125001]);
  });

  it("serves rooms/search to user tokens only", async () => {
    const level = await createLevel("L", await rootId());
    await call("POST", `${V1}/rooms`, {
      body: { name: "Blue Whale", capacity: 2, room_level_id: level, custom_room_id: "bw" },
    });
    expect(
      (await call("POST", `${V1}/rooms/search`, { body: { keyword: "whale" } })).body.code,
    ).toBe(99991663);
    const user = (
      (await (await fetch(`${emulator.url}/__emulator/user-token`, { method: "POST" })).json()) as {
        user_access_token: string;
      }
    ).user_access_token;
    const found = await call("POST", `${V1}/rooms/search`, {
      body: { keyword: "whale" },
      auth: `Bearer ${user}`,
    });
    expect((found.body.data!.rooms as { name: string }[]).map((r) => r.name)).toEqual([
      "Blue Whale",
    ]);
  });
});

describe("scope configuration", () => {
  it("merges per top-level key, keeps omitted keys, and reports origin configs from the node up to the root", async () => {
    const root = await rootId();
    const a = await createLevel("A", root);
    const f = await createLevel("F", a);
    await call("POST", `${V1}/scope_config`, {
      body: {
        scope_type: 1,
        scope_id: a,
        scope_config: {
          room_background: "https://a",
          digital_signage: { enable: true, start_display: 5 },
        },
      },
    });
    await call("POST", `${V1}/scope_config`, {
      body: { scope_type: 1, scope_id: f, scope_config: { room_background: "https://f" } },
    });
    await call("POST", `${V1}/scope_config`, {
      body: { scope_type: 1, scope_id: f, scope_config: { display_background: "https://door" } },
    });
    const view = (await call("GET", `${V1}/scope_config?scope_type=1&scope_id=${f}`)).body.data as {
      current_config: { scope_config: Record<string, unknown> };
      origin_configs: { scope_id: string; scope_config: Record<string, unknown> }[];
    };
    expect(view.current_config.scope_config).toEqual({
      room_background: "https://f",
      display_background: "https://door",
      digital_signage: { enable: true, start_display: 5 },
    });
    expect(view.origin_configs.map((o) => o.scope_id)).toEqual([f, a, root]);
    await call("POST", `${V1}/scope_config`, {
      body: { scope_type: 1, scope_id: f, scope_config: { room_background: "" } },
    });
    const inherited = (await call("GET", `${V1}/scope_config?scope_type=1&scope_id=${f}`)).body
      .data as typeof view;
    expect(inherited.current_config.scope_config.room_background).toBe("https://a");
    const out = await call("POST", `${V1}/scope_config`, {
      body: {
        scope_type: 1,
        scope_id: f,
        scope_config: { digital_signage: { start_display: 721 } },
      },
    });
    expect(out.body.code).toBe(121003);
  });
});

describe("rate limits and faults", () => {
  it("answers the 21st write in a window with 429/99991400 and the rate-limit headers, then lets it through", async () => {
    const limited = await startEmulator({ rateLimitScale: 60 });
    const t = (
      (await (
        await fetch(`${limited.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: "POST",
          body: JSON.stringify(APP),
        })
      ).json()) as { tenant_access_token: string }
    ).tenant_access_token;
    const headers = { authorization: `Bearer ${t}` };
    const root = (
      (await (await fetch(`${limited.url}${V1}/room_levels/0`, { headers })).json()) as {
        data: { room_level: { room_level_id: string } };
      }
    ).data.room_level.room_level_id;
    const create = (i: number) =>
      fetch(`${limited.url}${V1}/room_levels`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: `L${i}`, parent_id: root }),
      });
    for (let i = 0; i < 20; i += 1) expect((await create(i)).status).toBe(200);
    const throttled = await create(20);
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({
      code: 99991400,
      msg: "request trigger frequency limit",
    });
    expect(throttled.headers.get("x-ogw-ratelimit-limit")).toBe("20");
    expect(Number(throttled.headers.get("x-ogw-ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await create(21)).status).toBe(200);
    // Back to the real one-minute window: the writes already accepted still count in it.
    const rescale = (scale: unknown) =>
      fetch(`${limited.url}/__emulator/rate-limits`, {
        method: "PUT",
        body: JSON.stringify({ scale }),
      });
    expect((await rescale(0)).status).toBe(400);
    expect((await rescale(1)).status).toBe(200);
    const atRealLimit = await create(22);
    expect(atRealLimit.status).toBe(429);
    expect(Number(atRealLimit.headers.get("x-ogw-ratelimit-reset"))).toBeGreaterThan(55);
    await limited.close();
  });

  it("applies a write and drops its answer when asked", async () => {
    const root = await rootId();
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ endpoint: `POST ${V1}/room_levels`, kind: "drop-after-commit" }),
    });
    await expect(
      call("POST", `${V1}/room_levels`, { body: { name: "Dropped", parent_id: root } }),
    ).rejects.toThrow();
    const levels = (await call("GET", `${V1}/room_levels`)).body.data!.items as { name: string }[];
    expect(levels.map((l) => l.name)).toEqual(["Dropped"]);
  });
});

describe("the emulator process", () => {
  it("prints its URL, persists the tenant with --state, and finds it again after a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-emulator-"));
    const stateFile = path.join(dir, "tenant.json");
    const first = await startEmulatorProcess({ stateFile, noRateLimit: true });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auth = async (
      url: string,
      app: { appId: string; appSecret: string },
    ): Promise<Record<string, string>> => {
      const answer = (await (
        await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: "POST",
          body: JSON.stringify({ app_id: app.appId, app_secret: app.appSecret }),
        })
      ).json()) as { tenant_access_token: string };
      return { authorization: `Bearer ${answer.tenant_access_token}` };
    };
    const headers = await auth(first.url, first);
    const root = (
      (await (await fetch(`${first.url}${V1}/room_levels/0`, { headers })).json()) as {
        data: { room_level: { room_level_id: string } };
      }
    ).data.room_level.room_level_id;
    await fetch(`${first.url}${V1}/room_levels`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "Kept", parent_id: root, custom_group_id: "kept" }),
    });
    await first.stop();
    expect(fs.readdirSync(dir)).toEqual(["tenant.json"]);

    const second = await startEmulatorProcess({ stateFile, noRateLimit: true });
    const again = await auth(second.url, second);
    const found = (await (
      await fetch(`${second.url}${V1}/room_levels/search?custom_level_ids=kept`, { headers: again })
    ).json()) as { data: { level_ids: string[] } };
    expect(found.data.level_ids).toHaveLength(1);
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
