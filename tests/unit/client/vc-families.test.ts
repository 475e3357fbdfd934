/**
 * Reservations, meetings and recording (reference 3.1-3.3) against a local stand-in service:
 * request shapes, token kinds, rules refused before any request, the ambiguous apply, paging of
 * list_by_no, and the documented limits in the endpoint table.
 */
import {
  AmbiguousWriteError,
  ArgumentError,
  ENDPOINTS,
  FEISHU_CODES,
  InvalidRequestError,
  createClient,
  type EndpointKey,
  type FeishuVcClient,
  type ReserveApplyBody,
} from "../../../provider/client";
import { windowsFor } from "../../../provider/client/rate-limiter";
import { FAKE_TENANT_TOKEN, startFakeService, type FakeService } from "./fake-service";

const V = "/open-apis/vc/v1";
const USER_TOKEN = "u-fake0user0token00000000000000000";
const NOW_MS = Date.UTC(2026, 11, 4, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const DAY = 24 * 60 * 60;

let service: FakeService;
let client: FeishuVcClient;

beforeEach(async () => {
  service = await startFakeService();
  client = createClient({
    appId: "cli_fake",
    appSecret: "fake-app-secret-value",
    baseUrl: service.url,
    rateLimit: false,
    clock: { now: () => NOW_MS, sleep: () => Promise.resolve() },
    random: () => 0,
  });
});
afterEach(() => service.close());

const ok = (data: unknown): { body: unknown } => ({ body: { code: 0, msg: "success", data } });
const fail = (status: number, code: number, msg = "m"): { status: number; body: unknown } => ({
  status,
  body: { code, msg },
});

const applyBody = (over: Partial<ReserveApplyBody> = {}): ReserveApplyBody => ({
  end_time: String(NOW_S + 7 * DAY),
  owner_id: "ou_owner",
  meeting_settings: { topic: "Incident bridge", password: "4711" },
  ...over,
});
const reserve = { id: "6911188411932033028", meeting_no: "112000358", url: "https://x/j/1" };

describe("reservations", () => {
  it("applies with the tenant token and the owner, and returns the reservation", async () => {
    service.script(`POST ${V}/reserves/apply`, ok({ reserve }));
    const result = await client.reservations.apply(applyBody(), { user_id_type: "open_id" });
    expect(result.reserve).toEqual(reserve);
    expect(service.requests).toHaveLength(1);
    const [sent] = service.requests;
    expect(sent).toMatchObject({
      method: "POST",
      path: `${V}/reserves/apply`,
      authorization: `Bearer ${FAKE_TENANT_TOKEN}`,
      body: applyBody(),
    });
    expect(sent!.query.get("user_id_type")).toBe("open_id");
  });

  it("applies as a user with a user token, where no owner_id is needed", async () => {
    service.script(`POST ${V}/reserves/apply`, ok({ reserve }));
    await client.reservations.apply(applyBody({ owner_id: undefined }), {
      userAccessToken: USER_TOKEN,
    });
    expect(service.requests[0]!.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(service.tokenRequests).toBe(0);
  });

  it("updates, reads, reads the active meeting and deletes by id", async () => {
    service.script(`PUT ${V}/reserves/6911188411932033028`, ok({ reserve }));
    service.script(`GET ${V}/reserves/6911188411932033028`, ok({ reserve }));
    service.script(`GET ${V}/reserves/6911188411932033028/get_active_meeting`, ok({}));
    await client.reservations.update(reserve.id, { meeting_settings: { password: "" } });
    expect(await client.reservations.get(reserve.id)).toEqual(reserve);
    expect(
      await client.reservations.getActiveMeeting(reserve.id, { with_participants: true }),
    ).toBeUndefined();
    await client.reservations.delete(reserve.id);
    expect(service.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT ${V}/reserves/6911188411932033028`,
      `GET ${V}/reserves/6911188411932033028`,
      `GET ${V}/reserves/6911188411932033028/get_active_meeting`,
      `DELETE ${V}/reserves/6911188411932033028`,
    ]);
    expect(service.requests[0]!.body).toEqual({ meeting_settings: { password: "" } });
    expect(service.requests[2]!.query.get("with_participants")).toBe("true");
  });

  it("does not replay an apply whose answer was lost, and names what may exist", async () => {
    service.script(`POST ${V}/reserves/apply`, "drop");
    const error = await client.reservations.apply(applyBody()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^\[feishu-vc\] A reservation \(owner ou_owner, topic "Incident bridge"/,
    );
    expect(message).toContain(new Date((NOW_S + 7 * DAY) * 1000).toISOString());
    expect(message).not.toContain("4711");
    expect(service.requests).toHaveLength(1);
  });

  it("does not replay an apply after an internal error either", async () => {
    service.script(`POST ${V}/reserves/apply`, fail(500, FEISHU_CODES.INTERNAL_ERROR));
    await expect(client.reservations.apply(applyBody())).rejects.toBeInstanceOf(
      AmbiguousWriteError,
    );
    expect(service.requests).toHaveLength(1);
  });

  it("sends a throttled apply again: the service did not apply it", async () => {
    service.script(
      `POST ${V}/reserves/apply`,
      fail(429, FEISHU_CODES.RATE_LIMITED),
      ok({ reserve }),
    );
    await expect(client.reservations.apply(applyBody())).resolves.toMatchObject({ reserve });
    expect(service.requests).toHaveLength(2);
  });

  it("retries an update after an internal error (it is idempotent)", async () => {
    service.script(
      `PUT ${V}/reserves/6911188411932033028`,
      fail(500, FEISHU_CODES.INTERNAL_ERROR),
      ok({ reserve }),
    );
    await client.reservations.update(reserve.id, { end_time: String(NOW_S + DAY) });
    expect(service.requests).toHaveLength(2);
  });
});

describe("meetings and recording", () => {
  it("pages list_by_no to the end, 50 per page, with the window and number sent", async () => {
    const brief = (id: string): { id: string } => ({ id });
    service.script(
      `GET ${V}/meetings/list_by_no`,
      ok({ meeting_briefs: [brief("1"), brief("2")], has_more: true, page_token: "p2" }),
      ok({ meeting_briefs: [brief("3")], has_more: false }),
    );
    const window = {
      meeting_no: "112000358",
      start_time: String(NOW_S - 30 * DAY),
      end_time: String(NOW_S),
    };
    const all = await client.meetings.listAllByNo(window);
    expect(all.map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(service.requests).toHaveLength(2);
    const [first, second] = service.requests;
    expect(Object.fromEntries(first!.query)).toEqual({ ...window, page_size: "50" });
    expect(second!.query.get("page_token")).toBe("p2");
  });

  it("sends user-only calls with the user token and tenant-only ones with the tenant token", async () => {
    service.script(`PATCH ${V}/meetings/m1/set_host`, ok({ host_user: { id: "ou_c" } }));
    await client.meetings.invite("m1", [{ id: "ou_a", user_type: 1 }], USER_TOKEN);
    await client.meetings.end("m1", USER_TOKEN);
    await client.recording.start("m1", USER_TOKEN, 8);
    await client.recording.stop("m1", USER_TOKEN);
    await client.recording.setPermission(
      "m1",
      { permission_objects: [{ type: 3, permission: 1 }] },
      USER_TOKEN,
    );
    await client.meetings.kickout("m1", [{ id: "ou_b", user_type: 1 }]);
    await client.meetings.setHost("m1", { host_user: { id: "ou_c", user_type: 1 } });
    await client.recording.get("m1");
    const auth = service.requests.map((r) => [`${r.method} ${r.path}`, r.authorization]);
    expect(auth).toEqual([
      [`PATCH ${V}/meetings/m1/invite`, `Bearer ${USER_TOKEN}`],
      [`PATCH ${V}/meetings/m1/end`, `Bearer ${USER_TOKEN}`],
      [`PATCH ${V}/meetings/m1/recording/start`, `Bearer ${USER_TOKEN}`],
      [`PATCH ${V}/meetings/m1/recording/stop`, `Bearer ${USER_TOKEN}`],
      [`PATCH ${V}/meetings/m1/recording/set_permission`, `Bearer ${USER_TOKEN}`],
      [`POST ${V}/meetings/m1/kickout`, `Bearer ${FAKE_TENANT_TOKEN}`],
      [`PATCH ${V}/meetings/m1/set_host`, `Bearer ${FAKE_TENANT_TOKEN}`],
      [`GET ${V}/meetings/m1/recording`, `Bearer ${FAKE_TENANT_TOKEN}`],
    ]);
    expect(service.requests[0]!.body).toEqual({ invitees: [{ id: "ou_a", user_type: 1 }] });
    expect(service.requests[2]!.body).toEqual({ timezone: 8 });
  });

  it("reports a recording still being made as 124002, not retried", async () => {
    service.script(`GET ${V}/meetings/m1/recording`, fail(400, FEISHU_CODES.RECORD_PROCESSING));
    const error = await client.recording.get("m1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).code).toBe(124002);
    expect(service.requests).toHaveLength(1);
  });

  it("does not replay a set_host whose compare-and-swap failed (409/121006)", async () => {
    service.script(`PATCH ${V}/meetings/m1/set_host`, fail(409, FEISHU_CODES.DATA_CONFLICT));
    await expect(
      client.meetings.setHost("m1", { host_user: { id: "ou_c" }, old_host_user: { id: "ou_a" } }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(service.requests).toHaveLength(1);
  });
});

describe("refused before any request", () => {
  const window = {
    meeting_no: "112000358",
    start_time: String(NOW_S - DAY),
    end_time: String(NOW_S),
  };
  const hosts = (n: number): { id: string }[] =>
    Array.from({ length: n }, (_, i) => ({ id: `ou_${i}` }));
  const invitees = (n: number): { id: string }[] => hosts(n);
  const cases: [string, string, () => Promise<unknown>][] = [
    [
      "apply without owner_id on the tenant token",
      "owner_id",
      () => client.reservations.apply(applyBody({ owner_id: undefined })),
    ],
    [
      "apply ending more than 30 days ahead",
      "end_time",
      () => client.reservations.apply(applyBody({ end_time: String(NOW_S + 30 * DAY + 1) })),
    ],
    [
      "apply ending in the past",
      "end_time",
      () => client.reservations.apply(applyBody({ end_time: String(NOW_S - 1) })),
    ],
    [
      "apply with a time that is not unix seconds",
      "end_time",
      () => client.reservations.apply(applyBody({ end_time: "2026-12-05T00:00:00Z" })),
    ],
    [
      "a group meeting without end_time",
      "end_time",
      () => client.reservations.apply(applyBody({ end_time: undefined })),
    ],
    [
      "a 3-digit password",
      "meeting_settings.password",
      () => client.reservations.apply(applyBody({ meeting_settings: { password: "123" } })),
    ],
    [
      "a 10-digit password",
      "meeting_settings.password",
      () => client.reservations.update("r1", { meeting_settings: { password: "1234567890" } }),
    ],
    [
      "a password with letters",
      "meeting_settings.password",
      () => client.reservations.apply(applyBody({ meeting_settings: { password: "12ab" } })),
    ],
    [
      "11 assigned hosts",
      "meeting_settings.assign_host_list",
      () =>
        client.reservations.apply(applyBody({ meeting_settings: { assign_host_list: hosts(11) } })),
    ],
    [
      "auto-record on a 1v1 call",
      "meeting_settings.auto_record",
      () =>
        client.reservations.apply(
          applyBody({ meeting_settings: { meeting_initial_type: 2, auto_record: true } }),
        ),
    ],
    ["an empty reservation id", "reserve_id", () => client.reservations.get("")],
    [
      "a meeting number of 8 digits",
      "meeting_no",
      () => client.meetings.listByNo({ ...window, meeting_no: "11200035" }),
    ],
    [
      "a window that ends before it starts",
      "start_time",
      () =>
        client.meetings.listByNo({
          ...window,
          start_time: window.end_time,
          end_time: window.start_time,
        }),
    ],
    [
      "a window older than 90 days",
      "start_time",
      () => client.meetings.listAllByNo({ ...window, start_time: String(NOW_S - 91 * DAY) }),
    ],
    ["11 invitees", "invitees", () => client.meetings.invite("m1", invitees(11), USER_TOKEN)],
    ["no invitees", "invitees", () => client.meetings.invite("m1", [], USER_TOKEN)],
    [
      "invite without a user token",
      "userAccessToken",
      () => client.meetings.invite("m1", invitees(1), undefined as unknown as string),
    ],
    ["end with an empty user token", "userAccessToken", () => client.meetings.end("m1", "")],
    [
      "recording start without a user token",
      "userAccessToken",
      () => client.recording.start("m1", undefined as unknown as string),
    ],
    [
      "recording set_permission without a user token",
      "userAccessToken",
      () =>
        client.recording.setPermission(
          "m1",
          { permission_objects: [{ type: 3, permission: 1 }] },
          undefined as unknown as string,
        ),
    ],
    [
      "kickout with a user token",
      "userAccessToken",
      () =>
        client.request(`POST ${V}/meetings/:meeting_id/kickout`, {
          path: { meeting_id: "m1" },
          body: { kickout_users: [{ id: "ou_a" }] },
          userAccessToken: USER_TOKEN,
        } as never),
    ],
    [
      "a recording time zone of +13",
      "timezone",
      () => client.recording.start("m1", USER_TOKEN, 13),
    ],
    [
      "a user permission without id",
      "permission_objects[0].id",
      () =>
        client.recording.setPermission(
          "m1",
          { permission_objects: [{ type: 1, permission: 1 }] },
          USER_TOKEN,
        ),
    ],
    [
      "meeting ability with a user token",
      "with_meeting_ability",
      () => client.meetings.get("m1", { with_meeting_ability: true }, USER_TOKEN),
    ],
    [
      "set_host without a host id",
      "host_user.id",
      () => client.meetings.setHost("m1", { host_user: {} }),
    ],
  ];

  it.each(cases)("%s (%s)", async (_what, field, run) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).field).toBe(field);
    expect((error as Error).message).toMatch(/^\[feishu-vc\] .+: /);
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).toContain("nothing was sent");
    expect(service.requests).toHaveLength(0);
    expect(service.tokenRequests).toBe(0);
  });

  it("accepts the edges of each rule", async () => {
    service.script(`POST ${V}/reserves/apply`, ok({ reserve }));
    await client.reservations.apply(
      applyBody({
        end_time: String(NOW_S + 30 * DAY),
        meeting_settings: { password: "123456789", assign_host_list: hosts(10) },
      }),
    );
    await client.reservations.apply(applyBody({ meeting_settings: { password: "" } }));
    await client.reservations.apply(
      applyBody({ end_time: undefined, meeting_settings: { meeting_initial_type: 2 } }),
    );
    await client.meetings.invite("m1", invitees(10), USER_TOKEN);
    await client.meetings.listByNo({ ...window, start_time: String(NOW_S - 90 * DAY) });
    await client.recording.start("m1", USER_TOKEN, -12);
    expect(service.requests).toHaveLength(6);
  });
});

describe("the endpoint table", () => {
  const key = (k: string): EndpointKey => k as EndpointKey;

  it("holds every endpoint of reference 3.1-3.3 with its documented limit", () => {
    const tier4 = [
      { limit: 1000, windowMs: 60_000 },
      { limit: 50, windowMs: 1000 },
    ];
    const expected: Record<string, { limit: number; windowMs: number }[]> = {
      [`POST ${V}/reserves/apply`]: tier4,
      [`PUT ${V}/reserves/:reserve_id`]: tier4,
      [`DELETE ${V}/reserves/:reserve_id`]: tier4,
      [`GET ${V}/reserves/:reserve_id`]: tier4,
      [`GET ${V}/reserves/:reserve_id/get_active_meeting`]: tier4,
      [`GET ${V}/meetings/:meeting_id`]: tier4,
      [`GET ${V}/meetings/list_by_no`]: [{ limit: 100, windowMs: 60_000 }],
      [`PATCH ${V}/meetings/:meeting_id/invite`]: tier4,
      [`POST ${V}/meetings/:meeting_id/kickout`]: tier4,
      [`PATCH ${V}/meetings/:meeting_id/set_host`]: tier4,
      [`PATCH ${V}/meetings/:meeting_id/end`]: tier4,
      // "special": the strictest standard tier.
      [`PATCH ${V}/meetings/:meeting_id/recording/start`]: [{ limit: 10, windowMs: 60_000 }],
      [`PATCH ${V}/meetings/:meeting_id/recording/stop`]: [{ limit: 10, windowMs: 60_000 }],
      [`GET ${V}/meetings/:meeting_id/recording`]: tier4,
      [`PATCH ${V}/meetings/:meeting_id/recording/set_permission`]: tier4,
    };
    const family = Object.keys(ENDPOINTS).filter((k) => /\/(reserves|meetings)\b/.test(k));
    expect(family.sort()).toEqual(Object.keys(expected).sort());
    for (const [k, windows] of Object.entries(expected))
      expect(windowsFor(key(k))).toEqual(windows);
  });

  it("says which token each accepts", () => {
    const tokens = Object.fromEntries(
      Object.entries(ENDPOINTS)
        .filter(([k]) => /\/(reserves|meetings)\b/.test(k))
        .map(([k, row]) => [k, [...row.tokens].sort().join("+")]),
    );
    expect(tokens).toMatchObject({
      [`PATCH ${V}/meetings/:meeting_id/invite`]: "user",
      [`PATCH ${V}/meetings/:meeting_id/end`]: "user",
      [`POST ${V}/meetings/:meeting_id/kickout`]: "tenant",
      [`PATCH ${V}/meetings/:meeting_id/recording/start`]: "user",
      [`PATCH ${V}/meetings/:meeting_id/recording/stop`]: "user",
      [`PATCH ${V}/meetings/:meeting_id/recording/set_permission`]: "user",
      [`GET ${V}/meetings/:meeting_id/recording`]: "tenant+user",
      [`POST ${V}/reserves/apply`]: "tenant+user",
      [`GET ${V}/meetings/list_by_no`]: "tenant+user",
    });
    expect(ENDPOINTS[key(`POST ${V}/reserves/apply`)].idempotent).toBe(false);
  });
});
