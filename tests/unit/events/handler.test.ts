/** createEventHandler routes each envelope to the handler of its type, the rest to `otherwise`. */
import { createEventHandler, type EventEnvelope } from "../../../provider";

const envelope = (type: string, event: unknown): EventEnvelope => ({
  schema: "2.0",
  header: {
    event_id: `id-${type}`,
    event_type: type,
    create_time: "1700000000000",
    token: "t",
    app_id: "cli_x",
    tenant_key: "k",
  },
  event,
});

it("routes by event type, typed, and passes unknown types to otherwise", async () => {
  const capacities: number[] = [];
  const deletedLevels: string[] = [];
  const others: string[] = [];
  const handle = createEventHandler(
    {
      "vc.room.updated_v1": (e) => {
        capacities.push(e.event.room.capacity ?? -1);
      },
      "vc.room_level.deleted_v1": async (e) => {
        await Promise.resolve();
        deletedLevels.push(e.event.room_level_id);
      },
    },
    (e) => {
      others.push(e.header.event_type);
    },
  );
  await handle(envelope("vc.room.updated_v1", { room: { room_id: "omm_1", capacity: 9 } }));
  await handle(
    envelope("vc.room_level.deleted_v1", { room_level_id: "omb_1", delete_child: true }),
  );
  await handle(envelope("vc.meeting.meeting_started_v1", { meeting: { id: "m" } }));
  expect(capacities).toEqual([9]);
  expect(deletedLevels).toEqual(["omb_1"]);
  expect(others).toEqual(["vc.meeting.meeting_started_v1"]);
});

it("lets a handler's failure reach the caller (the receiver logs it in one line)", async () => {
  const handle = createEventHandler({
    "vc.room.created_v1": () => {
      throw new Error("boom");
    },
  });
  await expect(handle(envelope("vc.room.created_v1", { room: { room_id: "x" } }))).rejects.toThrow(
    "boom",
  );
});
