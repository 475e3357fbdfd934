/**
 * Reservations (reference 3.1) through the official Lark SDK: apply, update, delete, get and
 * get_active_meeting with a tenant or user token, each documented rule and error code.
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  asUser,
  control,
  failure,
  inSeconds,
  sdkClient,
  users,
  type DirectoryUser,
} from "./sdk-helpers";

let emulator: RunningEmulator;
let client: lark.Client;
let people: DirectoryUser[];
const DAY = 24 * 3600;

beforeAll(async () => {
  emulator = await startEmulator({ noRateLimit: true });
  client = sdkClient(emulator);
  people = await users(emulator);
});
afterAll(async () => {
  await emulator.close();
});

async function applyAsApp(settings: Record<string, unknown> = {}, endIn = DAY): Promise<string> {
  const applied = await client.vc.reserve.apply({
    params: { user_id_type: "user_id" },
    data: {
      end_time: inSeconds(endIn),
      owner_id: people[0]!.user_id,
      meeting_settings: { topic: "Bridge", ...settings },
    },
  });
  return applied.data!.reserve!.id!;
}

describe("apply and get", () => {
  it("applies for an owner with the tenant token and reads every setting back in the requested id type", async () => {
    const [owner, host] = [people[0]!, people[1]!];
    const applied = await client.vc.reserve.apply({
      params: { user_id_type: "user_id" },
      data: {
        end_time: inSeconds(DAY),
        owner_id: owner.user_id,
        meeting_settings: {
          topic: "Town hall",
          password: "123456",
          auto_record: true,
          assign_host_list: [{ user_type: 1, id: host.user_id }],
          action_permissions: [
            {
              permission: 1,
              permission_checkers: [{ check_field: 1, check_mode: 1, check_list: [host.user_id] }],
            },
          ],
        },
      },
    });
    expect(applied.code).toBe(0);
    const reserve = applied.data!.reserve!;
    expect(reserve.id).toMatch(/^\d{19}$/);
    expect(reserve.meeting_no).toMatch(/^\d{9}$/);
    expect(reserve.password).toBe("123456");
    expect(reserve.url).toContain(reserve.meeting_no!);

    const got = await client.vc.reserve.get({ path: { reserve_id: reserve.id! } });
    expect(got.data!.reserve).toMatchObject({
      id: reserve.id,
      meeting_no: reserve.meeting_no,
      expire_status: 1,
      reserve_user_id: owner.open_id,
      meeting_settings: {
        topic: "Town hall",
        auto_record: true,
        assign_host_list: [{ user_type: 1, id: host.open_id }],
      },
    });
  });

  it("makes the caller the owner with a user token, and lets only the owner read it (403/121005)", async () => {
    const [me, other] = [people[2]!, people[3]!];
    const mine = await asUser(emulator, me.user_id);
    const applied = await client.vc.reserve.apply(
      {
        data: {
          end_time: inSeconds(DAY),
          owner_id: other.open_id, // ignored with a user token
          meeting_settings: { topic: "Mine" },
        },
      },
      mine,
    );
    const id = applied.data!.reserve!.id!;
    const got = await client.vc.reserve.get({ path: { reserve_id: id } }, mine);
    expect(got.data!.reserve!.reserve_user_id).toBe(me.open_id);
    const theirs = await asUser(emulator, other.user_id);
    expect(
      await failure(client.vc.reserve.get({ path: { reserve_id: id } }, theirs)),
    ).toMatchObject({ status: 403, code: 121005 });
    expect(await failure(client.vc.reserve.get({ path: { reserve_id: id } }))).toMatchObject({
      status: 403,
      code: 121005,
    });
    expect(
      await failure(client.vc.reserve.delete({ path: { reserve_id: id } }, theirs)),
    ).toMatchObject({ status: 403, code: 121005 });
  });

  it.each([
    ["end_time more than 30 days ahead", { end_time: inSeconds(31 * DAY) }, 400, 121003],
    ["end_time in the past", { end_time: inSeconds(-60) }, 400, 121003],
    ["no end_time for a group meeting", { end_time: undefined }, 400, 99992402],
    ["a password of 3 digits", { meeting_settings: { password: "123" } }, 400, 123006],
    ["a password with letters", { meeting_settings: { password: "12ab56" } }, 400, 123006],
    [
      "11 assigned hosts",
      {
        meeting_settings: {
          assign_host_list: Array.from({ length: 11 }, (_, i) => ({ user_type: 1, id: `ou_${i}` })),
        },
      },
      400,
      123003,
    ],
    [
      "an unknown host",
      { meeting_settings: { assign_host_list: [{ user_type: 1, id: "ou_nobody" }] } },
      400,
      123004,
    ],
    [
      "a 1v1 call that auto-records",
      {
        meeting_settings: {
          meeting_initial_type: 2,
          auto_record: true,
          call_setting: {
            callee: { user_type: 6, pstn_sip_info: { main_address: "+86-02101234567" } },
          },
        },
      },
      400,
      123002,
    ],
    ["no meeting_settings", { meeting_settings: undefined }, 400, 99992402],
    ["an owner outside the tenant", { owner_id: "ou_stranger" }, 400, 121003],
  ])("refuses %s", async (_what, change, status, code) => {
    const before = (await control<{ reservations: unknown[] }>(emulator, "GET", "state"))
      .reservations.length;
    const data: Record<string, unknown> = {
      end_time: inSeconds(DAY),
      owner_id: people[0]!.open_id,
      meeting_settings: { topic: "Refused" },
      ...change,
    };
    const answer = await failure(
      client.vc.reserve.apply({
        data: data as Parameters<typeof client.vc.reserve.apply>[0] extends
          { data: infer D } | undefined
          ? D
          : never,
      }),
    );
    expect(answer).toMatchObject({ status, code });
    const after = (await control<{ reservations: unknown[] }>(emulator, "GET", "state"))
      .reservations.length;
    expect(after).toBe(before);
  });

  it("keeps an apply password out of the error when it is not a string", async () => {
    const answer = await fetch(`${emulator.url}/open-apis/vc/v1/reserves/apply`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${
          (
            (await (
              await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
                method: "POST",
                body: JSON.stringify({ app_id: "cli_emulator", app_secret: "emulator-secret" }),
              })
            ).json()) as { tenant_access_token: string }
          ).tenant_access_token
        }`,
      },
      body: JSON.stringify({
        end_time: inSeconds(DAY),
        owner_id: people[0]!.open_id,
        meeting_settings: { password: 987654321 },
      }),
    });
    const text = await answer.text();
    expect(answer.status).toBe(400);
    expect(text).toContain("99992402");
    expect(text).not.toContain("987654321");
  });

  it("answers 404/121004 for an unknown reservation", async () => {
    expect(
      await failure(client.vc.reserve.get({ path: { reserve_id: "6911188411932033028" } })),
    ).toMatchObject({ status: 404, code: 121004 });
  });
});

describe("update and delete", () => {
  it("clears fields sent empty, keeps omitted ones, and refuses the same rules as apply", async () => {
    const id = await applyAsApp({
      password: "4321",
      assign_host_list: [{ user_type: 1, id: people[1]!.user_id }],
    });
    const updated = await client.vc.reserve.update({
      path: { reserve_id: id },
      data: { meeting_settings: { topic: "", assign_host_list: [] } },
    });
    expect(updated.data!.reserve).toMatchObject({ id, password: "4321", expire_status: 1 });
    const got = (await client.vc.reserve.get({ path: { reserve_id: id } })).data!.reserve!;
    expect(got.meeting_settings!.topic).toBeUndefined();
    expect(got.meeting_settings!.assign_host_list).toBeUndefined();
    expect(got.password).toBe("4321");

    const cleared = await client.vc.reserve.update({
      path: { reserve_id: id },
      data: { meeting_settings: { password: "" } },
    });
    expect(cleared.data!.reserve!.password).toBeUndefined();

    for (const [data, code] of [
      [{ meeting_settings: { password: "1234567890" } }, 123006],
      [{ end_time: inSeconds(40 * DAY) }, 121003],
      [{ meeting_settings: { meeting_initial_type: 2, auto_record: true } }, 123002],
      [{ meeting_settings: { assign_host_list: [{ user_type: 1, id: "ou_nobody" }] } }, 123004],
    ] as const) {
      expect(
        await failure(client.vc.reserve.update({ path: { reserve_id: id }, data: data as never })),
      ).toMatchObject({ status: 400, code });
    }
  });

  it("deletes irreversibly", async () => {
    const id = await applyAsApp();
    await client.vc.reserve.delete({ path: { reserve_id: id } });
    expect(await failure(client.vc.reserve.get({ path: { reserve_id: id } }))).toMatchObject({
      status: 404,
      code: 121004,
    });
    expect(await failure(client.vc.reserve.delete({ path: { reserve_id: id } }))).toMatchObject({
      status: 404,
      code: 121004,
    });
  });
});

describe("get_active_meeting", () => {
  it("answers 404/121004 without a live meeting, and the meeting with its participants while one runs", async () => {
    const id = await applyAsApp();
    expect(
      await failure(client.vc.reserve.getActiveMeeting({ path: { reserve_id: id } })),
    ).toMatchObject({ status: 404, code: 121004 });
    const started = await control<{ meeting_id: string; meeting_no: string }>(
      emulator,
      "POST",
      "meetings",
      { reserve_id: id },
    );
    const active = await client.vc.reserve.getActiveMeeting({
      path: { reserve_id: id },
      params: { with_participants: true, user_id_type: "user_id" },
    });
    const meeting = active.data!.meeting!;
    expect(meeting).toMatchObject({
      id: started.meeting_id,
      meeting_no: started.meeting_no,
      status: 2,
      host_user: { id: people[0]!.user_id, user_type: 1 },
    });
    expect(meeting.participants!.length).toBeGreaterThanOrEqual(2);
    expect(meeting.participants!.filter((p) => p.is_host)).toHaveLength(1);
  });
});

describe("expiry", () => {
  it("expires a reservation when its end_time passes, refuses to start it, and extends it on update", async () => {
    const expiring = await startEmulator({ noRateLimit: true });
    try {
      const sdk = sdkClient(expiring);
      const owner = (await users(expiring))[0]!;
      const applied = await sdk.vc.reserve.apply({
        data: {
          end_time: inSeconds(120),
          owner_id: owner.open_id,
          meeting_settings: { topic: "Short" },
        },
      });
      const id = applied.data!.reserve!.id!;
      const now = (
        await control<{ now: number }>(expiring, "POST", "clock", { advance_seconds: 300 })
      ).now;
      const got = await sdk.vc.reserve.get({ path: { reserve_id: id } });
      expect(got.data!.reserve!.expire_status).toBe(2);
      // The meeting number is released: the reservation can no longer start its meeting.
      await control(expiring, "POST", "meetings", { reserve_id: id }, 409);
      const extended = await sdk.vc.reserve.update({
        path: { reserve_id: id },
        data: { end_time: String(now + DAY) },
      });
      expect(extended.data!.reserve).toMatchObject({
        expire_status: 1,
        end_time: String(now + DAY),
      });
      await control(expiring, "POST", "meetings", { reserve_id: id });
    } finally {
      await expiring.close();
    }
  });
});
