/**
 * Meetings (reference 3.2) and recording (3.3) through the official Lark SDK, on meetings the
 * simulator's control endpoints start, join, share and end.
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
const UNKNOWN_MEETING = "6911188411932033028";

beforeAll(async () => {
  emulator = await startEmulator({ noRateLimit: true });
  client = sdkClient(emulator);
  people = await users(emulator);
});
afterAll(async () => {
  await emulator.close();
});

/** A reservation the app applies for `owner`, and its meeting started (owner hosting, one other in). */
async function reservedMeeting(
  owner: DirectoryUser,
  sdk = client,
  on = emulator,
): Promise<{ reserveId: string; meetingId: string; meetingNo: string }> {
  const applied = await sdk.vc.reserve.apply({
    data: { end_time: inSeconds(DAY), owner_id: owner.open_id, meeting_settings: { topic: "Ops" } },
  });
  const reserveId = applied.data!.reserve!.id!;
  const started = await control<{ meeting_id: string; meeting_no: string }>(
    on,
    "POST",
    "meetings",
    {
      reserve_id: reserveId,
    },
  );
  return { reserveId, meetingId: started.meeting_id, meetingNo: started.meeting_no };
}

async function createRoom(): Promise<string> {
  const root = await client.vc.roomLevel.get({ path: { room_level_id: "0" } });
  const room = await client.vc.room.create({
    data: {
      name: `Room ${Math.random()}`,
      capacity: 4,
      room_level_id: root.data!.room_level!.room_level_id!,
    },
  });
  return room.data!.room!.room_id!;
}

describe("get", () => {
  it("returns the app's meeting with participants, and only Lark users with user_id_type=user_id", async () => {
    const [owner] = people;
    const { meetingId } = await reservedMeeting(owner!);
    const roomId = await createRoom();
    await control(emulator, "POST", `meetings/${meetingId}/participants`, { room_id: roomId });
    const full = await client.vc.meeting.get({
      path: { meeting_id: meetingId },
      params: { with_participants: true, with_meeting_ability: true },
    });
    const meeting = full.data!.meeting!;
    expect(meeting).toMatchObject({
      id: meetingId,
      topic: "Ops",
      status: 2,
      host_user: { id: owner!.open_id, user_type: 1 },
      participant_count: "3",
      participant_count_accumulated: "3",
      ability: { use_share_screen: false },
    });
    expect(meeting.participants!.map((p) => p.user_type).sort()).toEqual([1, 1, 2]);
    const usersOnly = await client.vc.meeting.get({
      path: { meeting_id: meetingId },
      params: { with_participants: true, user_id_type: "user_id" },
    });
    const listed = usersOnly.data!.meeting!.participants!;
    expect(listed.map((p) => p.user_type)).toEqual([1, 1]);
    expect(listed.map((p) => p.id)).toContain(owner!.user_id);
  });

  it("refuses meetings that are not the caller's (403/121005), unknown ones (404/121004), and ability with a user token", async () => {
    const { meetingId } = await reservedMeeting(people[0]!);
    const outsider = await asUser(emulator, people[9]!.user_id);
    expect(
      await failure(client.vc.meeting.get({ path: { meeting_id: meetingId } }, outsider)),
    ).toMatchObject({
      status: 403,
      code: 121005,
    });
    const owner = await asUser(emulator, people[0]!.user_id);
    const mine = await client.vc.meeting.get({ path: { meeting_id: meetingId } }, owner);
    expect(mine.data!.meeting!.id).toBe(meetingId);
    expect(
      await failure(
        client.vc.meeting.get(
          { path: { meeting_id: meetingId }, params: { with_meeting_ability: true } },
          owner,
        ),
      ),
    ).toMatchObject({ status: 403, code: 121005 });
    expect(
      await failure(client.vc.meeting.get({ path: { meeting_id: UNKNOWN_MEETING } })),
    ).toMatchObject({
      status: 404,
      code: 121004,
    });
    // An instant meeting is not one the app reserved.
    const instant = await control<{ meeting_id: string }>(emulator, "POST", "meetings", {
      topic: "Instant",
      host_id: people[8]!.user_id,
    });
    expect(
      await failure(client.vc.meeting.get({ path: { meeting_id: instant.meeting_id } })),
    ).toMatchObject({
      status: 403,
      code: 121005,
    });
    await control(emulator, "POST", `meetings/${instant.meeting_id}/end`);
  });
});

describe("list_by_no", () => {
  it("pages the meetings held under one number and checks its window", async () => {
    const { reserveId, meetingId, meetingNo } = await reservedMeeting(people[1]!);
    await control(emulator, "POST", `meetings/${meetingId}/end`);
    const second = await control<{ meeting_id: string }>(emulator, "POST", "meetings", {
      reserve_id: reserveId,
    });
    const params = {
      meeting_no: meetingNo,
      start_time: inSeconds(-3600),
      end_time: inSeconds(60),
      page_size: 1,
    };
    const first = await client.vc.meeting.listByNo({ params });
    expect(first.data!.meeting_briefs!.map((m) => m.id)).toEqual([meetingId]);
    expect(first.data!.has_more).toBe(true);
    const next = await client.vc.meeting.listByNo({
      params: { ...params, page_token: first.data!.page_token! },
    });
    expect(next.data!.meeting_briefs!.map((m) => m.id)).toEqual([second.meeting_id]);
    expect(next.data!.has_more).toBe(false);
    expect(next.data!.page_token).toBeUndefined();

    expect(
      await failure(
        client.vc.meeting.listByNo({ params: { ...params, start_time: inSeconds(-91 * DAY) } }),
      ),
    ).toMatchObject({ status: 400, code: 121003 });
    expect(
      await failure(client.vc.meeting.listByNo({ params: { ...params, meeting_no: "12345" } })),
    ).toMatchObject({
      status: 400,
      code: 121003,
    });
    expect(
      await failure(client.vc.meeting.listByNo({ params: { ...params, page_size: 51 } })),
    ).toMatchObject({
      status: 400,
      code: 99992402,
    });
  });
});

describe("invite, kickout, set_host and end", () => {
  it("invites as a user in the meeting, within the documented limits and states", async () => {
    const host = people[2]!;
    const { meetingId } = await reservedMeeting(host);
    const asHost = await asUser(emulator, host.user_id);
    expect(
      await failure(
        client.vc.meeting.invite({
          path: { meeting_id: meetingId },
          data: { invitees: [{ id: people[3]!.open_id, user_type: 1 }] },
        }),
      ),
    ).toMatchObject({ status: 400, code: 99991663 });
    const invited = await client.vc.meeting.invite(
      {
        path: { meeting_id: meetingId },
        data: {
          invitees: [
            { id: people[3]!.open_id, user_type: 1 },
            { id: "ou_nobody", user_type: 1 },
          ],
        },
      },
      asHost,
    );
    expect(invited.data!.invite_results).toEqual([
      { id: people[3]!.open_id, user_type: 1, status: 1 },
      { id: "ou_nobody", user_type: 1, status: 2 },
    ]);
    const view = await client.vc.meeting.get({
      path: { meeting_id: meetingId },
      params: { with_participants: true },
    });
    expect(view.data!.meeting!.participants!.find((p) => p.id === people[3]!.open_id)?.status).toBe(
      3,
    );

    const eleven = Array.from({ length: 11 }, (_, i) => ({
      id: people[i % people.length]!.open_id,
      user_type: 1,
    }));
    const cases: [string, Promise<unknown>, number, number][] = [
      [
        "11 invitees",
        client.vc.meeting.invite(
          { path: { meeting_id: meetingId }, data: { invitees: eleven } },
          asHost,
        ),
        400,
        121003,
      ],
      [
        "oneself",
        client.vc.meeting.invite(
          {
            path: { meeting_id: meetingId },
            data: { invitees: [{ id: host.open_id, user_type: 1 }] },
          },
          asHost,
        ),
        400,
        122005,
      ],
      [
        "an operator outside the meeting",
        client.vc.meeting.invite(
          {
            path: { meeting_id: meetingId },
            data: { invitees: [{ id: people[4]!.open_id, user_type: 1 }] },
          },
          await asUser(emulator, people[10]!.user_id),
        ),
        400,
        122003,
      ],
      [
        "an unknown meeting",
        client.vc.meeting.invite(
          {
            path: { meeting_id: UNKNOWN_MEETING },
            data: { invitees: [{ id: people[4]!.open_id, user_type: 1 }] },
          },
          asHost,
        ),
        404,
        122002,
      ],
    ];
    for (const [what, call, status, code] of cases)
      expect({ what, ...(await failure(call)) }).toMatchObject({ what, status, code });

    // A callee in another live meeting is busy (122007).
    const busy = people[11]!;
    const other = await control<{ meeting_id: string }>(emulator, "POST", "meetings", {
      topic: "Elsewhere",
      host_id: busy.user_id,
    });
    expect(
      await failure(
        client.vc.meeting.invite(
          {
            path: { meeting_id: meetingId },
            data: { invitees: [{ id: busy.open_id, user_type: 1 }] },
          },
          asHost,
        ),
      ),
    ).toMatchObject({ status: 400, code: 122007 });
    await control(emulator, "POST", `meetings/${other.meeting_id}/end`);

    // A locked meeting (122008) and a full one (122006), set through the simulator.
    await control(emulator, "PATCH", `meetings/${meetingId}`, { locked: true });
    const one = {
      path: { meeting_id: meetingId },
      data: { invitees: [{ id: people[5]!.open_id, user_type: 1 }] },
    };
    expect(await failure(client.vc.meeting.invite(one, asHost))).toMatchObject({
      status: 400,
      code: 122008,
    });
    await control(emulator, "PATCH", `meetings/${meetingId}`, {
      locked: false,
      max_participants: 3,
    });
    expect(await failure(client.vc.meeting.invite(one, asHost))).toMatchObject({
      status: 400,
      code: 122006,
    });

    await control(emulator, "POST", `meetings/${meetingId}/end`);
    expect(await failure(client.vc.meeting.invite(one, asHost))).toMatchObject({
      status: 400,
      code: 122001,
    });
  });

  it("kicks out with the tenant token only, and only people in the meeting", async () => {
    const { meetingId } = await reservedMeeting(people[4]!);
    await control(emulator, "POST", `meetings/${meetingId}/participants`, {
      user_id: people[5]!.user_id,
    });
    const target = {
      path: { meeting_id: meetingId },
      data: { kickout_users: [{ id: people[5]!.open_id, user_type: 1 }] },
    };
    expect(
      await failure(client.vc.meeting.kickout(target, await asUser(emulator, people[4]!.user_id))),
    ).toMatchObject({
      status: 400,
      code: 99991668,
    });
    const kicked = await client.vc.meeting.kickout(target);
    expect(kicked.data!.kickout_results).toEqual([
      { id: people[5]!.open_id, user_type: 1, result: 1 },
    ]);
    expect(await failure(client.vc.meeting.kickout(target))).toMatchObject({
      status: 400,
      code: 122004,
    });
    const view = await client.vc.meeting.get({
      path: { meeting_id: meetingId },
      params: { with_participants: true },
    });
    expect(view.data!.meeting!.participants!.find((p) => p.id === people[5]!.open_id)?.status).toBe(
      4,
    );
  });

  it("moves the host with a compare-and-swap on the old host, and refuses unexpected targets", async () => {
    const host = people[6]!;
    const { meetingId } = await reservedMeeting(host);
    const next = people[7]!;
    await control(emulator, "POST", `meetings/${meetingId}/participants`, {
      user_id: next.user_id,
    });
    const move = (
      to: DirectoryUser,
      from?: DirectoryUser,
    ): Parameters<typeof client.vc.meeting.setHost>[0] => ({
      path: { meeting_id: meetingId },
      data: {
        host_user: { id: to.open_id, user_type: 1 },
        ...(from === undefined ? {} : { old_host_user: { id: from.open_id, user_type: 1 } }),
      },
    });
    expect(await failure(client.vc.meeting.setHost(move(next, next)))).toMatchObject({
      status: 409,
      code: 121006,
    });
    expect(await failure(client.vc.meeting.setHost(move(people[11]!)))).toMatchObject({
      status: 400,
      code: 122004,
    });
    // A ringing invitee cannot host yet (122009).
    await client.vc.meeting.invite(
      {
        path: { meeting_id: meetingId },
        data: { invitees: [{ id: people[8]!.open_id, user_type: 1 }] },
      },
      await asUser(emulator, host.user_id),
    );
    expect(await failure(client.vc.meeting.setHost(move(people[8]!)))).toMatchObject({
      status: 400,
      code: 122009,
    });
    // A user who is not the host cannot move it (403/121005).
    expect(
      await failure(client.vc.meeting.setHost(move(next), await asUser(emulator, next.user_id))),
    ).toMatchObject({
      status: 403,
      code: 121005,
    });
    const moved = await client.vc.meeting.setHost(move(next, host));
    expect(moved.data!.host_user).toEqual({ id: next.open_id, user_type: 1 });
  });

  it("ends a meeting with the host's user token only", async () => {
    const host = people[9]!;
    const { meetingId } = await reservedMeeting(host);
    const path = { path: { meeting_id: meetingId } };
    expect(await failure(client.vc.meeting.end(path))).toMatchObject({
      status: 400,
      code: 99991663,
    });
    const other = (
      await client.vc.meeting.get({
        ...path,
        params: { with_participants: true, user_id_type: "user_id" },
      })
    ).data!.meeting!.participants!.find((p) => p.id !== host.user_id)!.id!;
    expect(await failure(client.vc.meeting.end(path, await asUser(emulator, other)))).toMatchObject(
      { status: 403, code: 121005 },
    );
    const asHost = await asUser(emulator, host.user_id);
    await client.vc.meeting.end(path, asHost);
    const ended = await client.vc.meeting.get(path);
    expect(ended.data!.meeting!.status).toBe(3);
    expect(ended.data!.meeting!.end_time).toMatch(/^\d+$/);
    expect(await failure(client.vc.meeting.end(path, asHost))).toMatchObject({
      status: 400,
      code: 122001,
    });
  });
});

describe("recording", () => {
  it("records by the host of a live meeting and serves the file once the meeting has ended", async () => {
    const recorder = await startEmulator({ noRateLimit: true });
    try {
      const sdk = sdkClient(recorder);
      const [host, guest] = (await users(recorder)) as [DirectoryUser, DirectoryUser];
      const { meetingId } = await reservedMeeting(host, sdk, recorder);
      const path = { path: { meeting_id: meetingId } };
      const asHost = await asUser(recorder, host.user_id);
      const asGuest = await asUser(recorder, guest.user_id);
      expect(await failure(sdk.vc.meetingRecording.start(path))).toMatchObject({
        status: 400,
        code: 99991663,
      });
      expect(await failure(sdk.vc.meetingRecording.start(path, asGuest))).toMatchObject({
        status: 403,
        code: 121005,
      });
      expect(
        await failure(sdk.vc.meetingRecording.start({ ...path, data: { timezone: 13 } }, asHost)),
      ).toMatchObject({ status: 400, code: 121003 });
      await sdk.vc.meetingRecording.start({ ...path, data: { timezone: 8 } }, asHost);
      expect(await failure(sdk.vc.meetingRecording.start(path, asHost))).toMatchObject({
        status: 400,
        code: 122001,
      });
      await control(recorder, "POST", "clock", { advance_seconds: 12 });
      await sdk.vc.meetingRecording.stop(path, asHost);
      expect(await failure(sdk.vc.meetingRecording.stop(path, asHost))).toMatchObject({
        status: 400,
        code: 122001,
      });
      expect(await failure(sdk.vc.meetingRecording.get(path))).toMatchObject({
        status: 400,
        code: 124002,
      });
      const grant = { ...path, data: { permission_objects: [{ type: 3, permission: 1 }] } };
      expect(await failure(sdk.vc.meetingRecording.setPermission(grant, asHost))).toMatchObject({
        status: 400,
        code: 124002,
      });

      await sdk.vc.meeting.end(path, asHost);
      expect(await failure(sdk.vc.meetingRecording.start(path, asHost))).toMatchObject({
        status: 400,
        code: 122001,
      });
      const file = await sdk.vc.meetingRecording.get(path);
      expect(file.data!.recording!.meeting_id).toBe(meetingId);
      // 12 simulated seconds plus the real milliseconds the calls took.
      const duration = Number(file.data!.recording!.duration);
      expect(duration).toBeGreaterThanOrEqual(12000);
      expect(duration).toBeLessThan(14000);
      expect((await sdk.vc.meetingRecording.get(path, asHost)).data!.recording!.id).toBe(
        file.data!.recording!.id,
      );
      expect(await failure(sdk.vc.meetingRecording.get(path, asGuest))).toMatchObject({
        status: 403,
        code: 121005,
      });

      expect(await failure(sdk.vc.meetingRecording.setPermission(grant))).toMatchObject({
        status: 400,
        code: 99991663,
      });
      await sdk.vc.meetingRecording.setPermission(grant, asHost);
      await sdk.vc.meetingRecording.setPermission(
        { ...path, data: { permission_objects: [{ type: 1, id: guest.open_id, permission: 1 }] } },
        asHost,
      );
      const state = await control<{
        meetings: unknown[];
        meeting_history: { meeting_id: string }[];
      }>(recorder, "GET", "state");
      expect(state.meeting_history.map((m) => m.meeting_id)).toContain(meetingId);
      for (const objects of [
        [{ type: 3, id: "x", permission: 1 }],
        [{ type: 1, id: "ou_nobody", permission: 1 }],
        [{ type: 1, id: guest.open_id, permission: 2 }],
      ])
        expect(
          await failure(
            sdk.vc.meetingRecording.setPermission(
              { ...path, data: { permission_objects: objects } },
              asHost,
            ),
          ),
        ).toMatchObject({ status: 400, code: 121003 });
      expect(await failure(sdk.vc.meetingRecording.setPermission(grant, asGuest))).toMatchObject({
        status: 403,
        code: 121005,
      });
      expect(
        await failure(sdk.vc.meetingRecording.get({ path: { meeting_id: UNKNOWN_MEETING } })),
      ).toMatchObject({
        status: 404,
        code: 122002,
      });
    } finally {
      await recorder.close();
    }
  });

  it("has no file for a meeting never recorded or recorded under 5 seconds (404/121004)", async () => {
    const host = people[10]!;
    const { meetingId } = await reservedMeeting(host);
    const path = { path: { meeting_id: meetingId } };
    const asHost = await asUser(emulator, host.user_id);
    await startThenStop(asHost, path);
    await client.vc.meeting.end(path, asHost);
    expect(await failure(client.vc.meetingRecording.get(path))).toMatchObject({
      status: 404,
      code: 121004,
    });
  });
});

async function startThenStop(
  as: ReturnType<typeof lark.withUserAccessToken>,
  path: { path: { meeting_id: string } },
): Promise<void> {
  await client.vc.meetingRecording.start(path, as);
  await client.vc.meetingRecording.stop(path, as);
}

describe("the 90-day window", () => {
  it("forgets meetings that started more than 90 days ago", async () => {
    const old = await startEmulator({ noRateLimit: true });
    try {
      const sdk = sdkClient(old);
      const owner = (await users(old))[0]!;
      const { meetingId } = await reservedMeeting(owner, sdk, old);
      await control(old, "POST", `meetings/${meetingId}/end`);
      expect(
        (await sdk.vc.meeting.get({ path: { meeting_id: meetingId } })).data!.meeting!.status,
      ).toBe(3);
      await control(old, "POST", "clock", { advance_seconds: 91 * DAY });
      expect(await failure(sdk.vc.meeting.get({ path: { meeting_id: meetingId } }))).toMatchObject({
        status: 404,
        code: 121004,
      });
    } finally {
      await old.close();
    }
  });
});

describe("rate limits", () => {
  it("holds list_by_no to 100 per minute (no per-second window) and recording start to 20 per minute", async () => {
    const limited = await startEmulator();
    try {
      const sdk = sdkClient(limited);
      const owner = (await users(limited))[0]!;
      const { meetingId, meetingNo } = await reservedMeeting(owner, sdk, limited);
      const params = { meeting_no: meetingNo, start_time: inSeconds(-60), end_time: inSeconds(60) };
      for (let i = 0; i < 100; i += 1) await sdk.vc.meeting.listByNo({ params });
      expect(await failure(sdk.vc.meeting.listByNo({ params }))).toMatchObject({
        status: 429,
        code: 99991400,
      });

      const asOwner = await asUser(limited, owner.user_id);
      const path = { path: { meeting_id: meetingId } };
      await sdk.vc.meetingRecording.start(path, asOwner);
      // Refused calls still count against the budget, as every admitted request does.
      for (let i = 1; i < 20; i += 1)
        expect(await failure(sdk.vc.meetingRecording.start(path, asOwner))).toMatchObject({
          code: 122001,
        });
      expect(await failure(sdk.vc.meetingRecording.start(path, asOwner))).toMatchObject({
        status: 429,
        code: 99991400,
      });
    } finally {
      await limited.close();
    }
  });
});
