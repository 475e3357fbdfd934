import { InputChecker } from "../../../provider/resources/input-check";
import {
  canonicalRoomStatus,
  checkRoomStatus,
  roomStatusFromWire,
  roomStatusToWire,
  toUnixSecondsString,
} from "../../../provider/resources/room-status";

describe("toUnixSecondsString", () => {
  it.each([
    [1764547200, "1764547200"],
    ["1764547200", "1764547200"],
    ["0", "0"],
    [0, "0"],
    ["2025-12-01T00:00:00Z", "1764547200"],
    ["2025-12-01T08:00:00+08:00", "1764547200"],
  ])("turns %p into %p", (input, expected) => {
    expect(toUnixSecondsString(input)).toBe(expected);
  });

  it.each([["2025-12-01"], ["tomorrow"], [-5], [1.5], [true], ["2025-12-01T00:00:00"]])(
    "rejects %p, which is not an unambiguous time",
    (input) => {
      expect(toUnixSecondsString(input)).toBeUndefined();
    },
  );
});

describe("checkRoomStatus", () => {
  it("normalises ISO times to unix-seconds strings so state compares like with like", () => {
    const checker = new InputChecker();
    const status = checkRoomStatus(checker, "status", {
      enabled: false,
      disableStartTime: "2025-12-01T00:00:00Z",
      disableEndTime: 1764633600,
    });
    expect(checker.failures).toEqual([]);
    expect(status).toEqual({
      enabled: false,
      disableStartTime: "1764547200",
      disableEndTime: "1764633600",
    });
  });

  it("names the field of every problem at once", () => {
    const checker = new InputChecker();
    checkRoomStatus(checker, "config.roomStatus", {
      disableStartTime: "soon",
      contactIds: ["ou_1", 7],
      colour: "red",
    });
    expect(checker.failures.map((f) => f.property).sort()).toEqual([
      "config.roomStatus.colour",
      "config.roomStatus.contactIds[1]",
      "config.roomStatus.disableStartTime",
      "config.roomStatus.enabled",
    ]);
  });

  it("refuses a window that ends before it starts, but accepts 0 as 'forever'", () => {
    const backwards = new InputChecker();
    checkRoomStatus(backwards, "status", {
      enabled: false,
      disableStartTime: 200,
      disableEndTime: 100,
    });
    expect(backwards.failures).toEqual([
      { property: "status.disableEndTime", reason: expect.stringContaining("after") as unknown },
    ]);

    const forever = new InputChecker();
    checkRoomStatus(forever, "status", {
      enabled: false,
      disableStartTime: 200,
      disableEndTime: 0,
    });
    expect(forever.failures).toEqual([]);
  });
});

describe("room status wire mapping", () => {
  it("round-trips every field and drops the service-computed schedule_status", () => {
    const wire = {
      status: false,
      schedule_status: true,
      disable_start_time: "1",
      disable_end_time: "0",
      disable_reason: "repairs",
      contact_ids: ["ou_a"],
      disable_notice: true,
      resume_notice: false,
    };
    const value = roomStatusFromWire(wire);
    expect(value).not.toHaveProperty("scheduleStatus");
    const writable: Partial<typeof wire> = { ...wire };
    delete writable.schedule_status;
    expect(roomStatusToWire(value)).toEqual(writable);
  });

  it("treats absent flags, texts and lists as their empty values when comparing", () => {
    expect(canonicalRoomStatus({ enabled: true })).toEqual(
      canonicalRoomStatus({
        enabled: true,
        disableNotice: false,
        disableReason: "",
        contactIds: [],
      }),
    );
    expect(canonicalRoomStatus({ enabled: true })).not.toEqual(
      canonicalRoomStatus({ enabled: false }),
    );
  });
});
