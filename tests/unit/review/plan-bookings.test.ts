/**
 * Bookings in the plan (issue #20 item 5), with hand-made rows: which rooms are looked up and over
 * which window, one query per level, what counts (overlap at the window's edges, only "booked"),
 * the Markdown line and its size budget, and a missing, refused or stuck source.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
  bookingQueries,
  bookingTargets,
  BookingsUnavailableError,
  countBookings,
  lookUpBookings,
  type BookingRow,
  type BookingsSource,
  type BookingTarget,
  type PlanBookings,
} from "../../../provider/review/plan-bookings";
import { planToMarkdown } from "../../../provider/review/plan-markdown";
import {
  planFromEvents,
  type Plan,
  type PlanAction,
  type PlanStep,
} from "../../../provider/review/plan-model";

const NOW = new Date("2026-12-04T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
const seconds = (date: Date): string => String(date.getTime() / 1000);

function roomStep(
  label: string,
  action: PlanAction,
  extra: Partial<PlanStep> = {},
  roomLevelId = "omb_f1",
): PlanStep {
  return {
    action,
    kind: "Room",
    name: `room-${label.toLowerCase()}`,
    label,
    place: ["HQ", "F1"],
    changes: [],
    deactivates: false,
    room: { roomId: `omm_${label.toLowerCase()}`, roomLevelId },
    ...extra,
  };
}

const plan = (...steps: PlanStep[]): Plan => {
  const counts: Record<PlanAction, number> = {
    delete: 0,
    replace: 0,
    update: 0,
    create: 0,
    read: 0,
    same: 0,
  };
  for (const s of steps) counts[s.action] += 1;
  return { steps, counts };
};

const booking = (
  roomId: string,
  start: Date,
  hours = 1,
  status: BookingRow["status"] = "booked",
): BookingRow => ({ roomId, start, end: new Date(start.getTime() + hours * HOUR), status });

/** A source answering from fixed rows, recording its queries. */
function fixedSource(rows: BookingRow[]): BookingsSource & { queries: unknown[] } {
  const queries: unknown[] = [];
  return {
    queries,
    bookings: (query) => {
      queries.push(query);
      return Promise.resolve(rows.filter((row) => query.roomIds.includes(row.roomId)));
    },
  };
}

describe("the plan model", () => {
  it("records an existing room's ids and a deactivation's window", () => {
    const meta = (op: string, oldStatus: unknown, newStatus: unknown, roomId = "omm_1") =>
      ({
        resourcePreEvent: {
          metadata: {
            op,
            urn: `urn:pulumi:s::p::pulumi-nodejs:dynamic/feishu-vc:Room::room-${roomId}`,
            type: "pulumi-nodejs:dynamic/feishu-vc:Room",
            provider: "",
            old: {
              inputs: { name: roomId, roomLevelId: "omb_f1", status: oldStatus },
              outputs: { name: roomId, roomId, roomLevelId: "omb_f1", status: oldStatus },
            },
            new: {
              inputs: { name: roomId, roomLevelId: "omb_f1", status: newStatus },
              outputs: {},
            },
          },
        },
      }) as unknown as EngineEvent;
    const steps = planFromEvents([
      meta(
        "update",
        { enabled: true },
        { enabled: false, disableStartTime: "1765000000", disableEndTime: "1765100000" },
      ),
      meta("delete", undefined, undefined, "omm_2"),
    ]).steps;
    expect(steps[0]).toMatchObject({
      deactivates: true,
      room: { roomId: "omm_1", roomLevelId: "omb_f1" },
      disableWindow: { start: "1765000000", end: "1765100000" },
    });
    expect(steps[1]).toMatchObject({ action: "delete", room: { roomId: "omm_2" } });
    expect(steps[1]!.disableWindow).toBeUndefined();
  });
});

describe("which rooms and windows", () => {
  it("looks up deleted and disabled rooms, not updates, creates or new rooms", () => {
    const created = roomStep("New", "create");
    delete created.room;
    const targets = bookingTargets(
      plan(
        roomStep("Everest", "delete"),
        roomStep("K2", "update"),
        roomStep("Lhotse", "update", { deactivates: true, disableWindow: {} }),
        created,
        { ...roomStep("Level", "delete"), kind: "RoomLevel" },
      ),
      NOW,
    );
    expect(targets.map((t) => [t.label, t.change])).toEqual([
      ["Everest", "delete"],
      ["Lhotse", "disable"],
    ]);
    // A delete and a disable with no window both cost the next 30 days.
    for (const target of targets)
      expect(target.window).toEqual({
        start: NOW,
        end: at(30 * DAY),
        kind: "horizon",
        clipped: false,
      });
  });

  it("uses the disable window, from now on, and skips one that is over", () => {
    const disable = (label: string, start: Date, end: Date | "0") =>
      roomStep(label, "update", {
        deactivates: true,
        disableWindow: { start: seconds(start), end: end === "0" ? "0" : seconds(end) },
      });
    const [future, running, endless, long] = bookingTargets(
      plan(
        disable("Future", at(2 * DAY), at(3 * DAY)),
        disable("Running", at(-DAY), at(DAY)),
        disable("Over", at(-3 * DAY), at(-DAY)),
        disable("Endless", at(5 * DAY), "0"),
        disable("Long", at(DAY), at(200 * DAY)),
      ),
      NOW,
    );
    expect(future!.window).toEqual({
      start: at(2 * DAY),
      end: at(3 * DAY),
      kind: "disable",
      clipped: false,
    });
    expect(running!.window).toEqual({ start: NOW, end: at(DAY), kind: "disable", clipped: false });
    expect(endless!.label).toBe("Endless");
    expect(endless!.window).toEqual({
      start: at(5 * DAY),
      end: at(89 * DAY),
      kind: "disable",
      clipped: true,
    });
    expect(long!.window).toMatchObject({ end: at(89 * DAY), clipped: true });
  });

  it("asks once per room level, over the span of its rooms' windows plus a day's lead", () => {
    const targets = bookingTargets(
      plan(
        roomStep("B", "delete"),
        roomStep("A", "delete"),
        roomStep("C", "delete", {}, "omb_f2"),
        roomStep("D", "update", {
          deactivates: true,
          disableWindow: { start: seconds(at(40 * DAY)), end: seconds(at(50 * DAY)) },
        }),
      ),
      NOW,
    );
    const queries = bookingQueries(targets);
    expect(queries).toEqual([
      {
        roomLevelId: "omb_f1",
        roomIds: ["omm_a", "omm_b", "omm_d"],
        startTime: at(-DAY),
        endTime: at(50 * DAY),
      },
      { roomLevelId: "omb_f2", roomIds: ["omm_c"], startTime: at(-DAY), endTime: at(30 * DAY) },
    ]);
    for (const q of queries)
      expect(q.endTime.getTime() - q.startTime.getTime()).toBeLessThanOrEqual(90 * DAY);
  });
});

describe("what counts", () => {
  const target: BookingTarget = {
    name: "room-k2",
    label: "K2",
    place: [],
    roomId: "omm_k2",
    roomLevelId: "omb_f1",
    change: "disable",
    window: { start: at(2 * DAY), end: at(3 * DAY), kind: "disable", clipped: false },
  };

  it("counts booked rows of the room that overlap the window, edges included", () => {
    const rows = [
      booking("omm_k2", at(2 * DAY - HOUR), 2), // runs across the start: cancelled too
      booking("omm_k2", at(3 * DAY - HOUR), 2), // runs across the end
      booking("omm_k2", at(2 * DAY + 5 * HOUR)),
      booking("omm_k2", at(2 * DAY - HOUR), 1), // ends exactly at the start: untouched
      booking("omm_k2", at(3 * DAY), 1), // starts exactly at the end: untouched
      booking("omm_k2", at(2 * DAY + HOUR), 1, "cancelled"),
      booking("omm_k2", at(2 * DAY + HOUR), 1, "released"),
      booking("omm_other", at(2 * DAY + HOUR)),
    ];
    expect(countBookings(target, rows)).toMatchObject({ count: 3, next: at(2 * DAY - HOUR) });
    expect(countBookings(target, [])).not.toHaveProperty("next");
  });
});

describe("the lookup", () => {
  const deleting = plan(roomStep("Everest", "delete"), roomStep("Lhotse", "delete"));

  it("counts each room from one export per level, most booked first", async () => {
    const source = fixedSource([
      ...Array.from({ length: 14 }, (_, i) => booking("omm_everest", at(i * DAY + HOUR))),
      booking("omm_everest", at(31 * DAY)), // after the 30 days
      booking("omm_lhotse", at(DAY), 1, "cancelled"),
    ]);
    const result = await lookUpBookings(deleting, { source }, { now: NOW });
    expect(source.queries).toHaveLength(1);
    expect(result.missing).toBeUndefined();
    expect(result.rooms.map((r) => [r.label, r.count])).toEqual([
      ["Everest", 14],
      ["Lhotse", 0],
    ]);
  });

  it("asks nothing when the plan deletes and disables no existing room", async () => {
    const source = fixedSource([]);
    expect(await lookUpBookings(plan(roomStep("K2", "update")), { source })).toEqual({
      rooms: [],
      targets: 0,
    });
    expect(source.queries).toEqual([]);
  });

  it("says why when there is no source, or the source refuses or fails", async () => {
    expect(await lookUpBookings(deleting, { unavailable: "no credentials" })).toEqual({
      rooms: [],
      targets: 2,
      missing: "no credentials",
    });
    const refusing: BookingsSource = {
      bookings: () => Promise.reject(new BookingsUnavailableError("no export permission (121005)")),
    };
    expect((await lookUpBookings(deleting, { source: refusing })).missing).toBe(
      "no export permission (121005)",
    );
    const failing: BookingsSource = {
      bookings: () => Promise.reject(new Error("socket hang up\n    at somewhere")),
    };
    expect((await lookUpBookings(deleting, { source: failing })).missing).toBe(
      "the reservation export failed: socket hang up",
    );
  });

  it("gives up on a stuck export after the timeout and aborts it", async () => {
    let signal: AbortSignal | undefined;
    const stuck: BookingsSource = {
      bookings: (_query, s) => {
        signal = s;
        return new Promise(() => undefined);
      },
    };
    const started = Date.now();
    const result = await lookUpBookings(deleting, { source: stuck }, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.missing).toBe(
      "the reservation export did not finish within 0.2 s (--bookings-timeout)",
    );
    expect(signal?.aborted).toBe(true);
  });
});

describe("the Markdown", () => {
  const room = (label: string, count: number, extra: Partial<BookingTarget> = {}) => ({
    name: `room-${label}`,
    label,
    place: ["HQ", "F1"],
    roomId: `omm_${label}`,
    roomLevelId: "omb_f1",
    change: "delete" as const,
    window: { start: NOW, end: at(30 * DAY), kind: "horizon" as const, clipped: false },
    count,
    ...(count > 0 ? { next: at(DAY + 9 * HOUR) } : {}),
    ...extra,
  });
  const render = (bookings: PlanBookings, maxChars?: number): string =>
    planToMarkdown(plan(roomStep("Everest", "delete")), {
      stackName: "prod",
      bookings,
      ...(maxChars === undefined ? {} : { maxChars }),
    });

  it("names the room and its bookings in the window", () => {
    const text = render({
      targets: 3,
      rooms: [
        room("Everest", 14),
        room("K2", 1, {
          change: "disable",
          window: { start: at(2 * DAY), end: at(3 * DAY), kind: "disable", clipped: false },
        }),
        room("Lhotse", 0),
      ],
    });
    expect(text).toContain(
      "- **Everest**: 14 bookings in the next 30 days would be cancelled (HQ / F1; next 2026-12-05 09:00 UTC; deleted by this change)",
    );
    expect(text).toContain(
      "- **K2**: 1 booking in the disable window 2026-12-06 00:00 UTC – 2026-12-07 00:00 UTC would be cancelled",
    );
    // Its own paragraph: right after the list it would read as part of the last item.
    expect(text).toMatch(
      /cancelled \(.*\)\n\n1 other room has no bookings in the affected window\.\n/,
    );
    expect(text).not.toContain("**Lhotse**");
  });

  it("says so when none of the rooms has bookings", () => {
    expect(render({ targets: 2, rooms: [room("A", 0), room("B", 0)] })).toContain(
      "None of the 2 rooms this change deletes or disables has bookings in the affected window.",
    );
  });

  it("says why the bookings are missing, in one line", () => {
    const text = render({ targets: 4, rooms: [], missing: "no credentials for the tenant" });
    expect(text.split("\n").filter((line) => line.includes("Bookings"))).toEqual([
      "_Bookings of the 4 rooms this change deletes or disables are not shown: no credentials for the tenant._",
    ]);
  });

  it("keeps the section within a quarter of --max-chars and says how many rooms were cut", () => {
    const rooms = Array.from({ length: 200 }, (_, i) =>
      room(`Room${String(i).padStart(3, "0")}`, 200 - i),
    );
    const full = render({ targets: 200, rooms });
    expect(full).toContain("**Room199**");
    const maxChars = 8_000;
    const text = render({ targets: 200, rooms }, maxChars);
    expect(text.length).toBeLessThanOrEqual(maxChars);
    const section = text.slice(text.indexOf("### 📅"), text.indexOf("### ⚠️"));
    expect(section.length).toBeLessThanOrEqual(maxChars / 4);
    const listed = section.split("\n").filter((line) => line.startsWith("- **")).length;
    expect(listed).toBeGreaterThan(5);
    const cut = 200 - listed;
    const cutBookings = rooms.slice(listed).reduce((sum, r) => sum + r.count, 0);
    expect(section).toContain(`- _… and ${cut} more rooms (${cutBookings} bookings)._`);
    // The busiest rooms are the ones kept.
    expect(section).toContain("**Room000**: 200 bookings");
  });
});
