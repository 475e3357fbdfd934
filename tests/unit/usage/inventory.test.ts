import {
  buildInventory,
  findUnmanagedRooms,
  managedFromLayout,
  managedFromState,
} from "../../../provider/usage/inventory";

describe("managedFromState", () => {
  it("builds the tree from the stack's levels and rooms; a level under an unmanaged parent is a top", () => {
    const { levels, rooms } = managedFromState([
      { type: "pulumi:pulumi:Stack", id: "" },
      {
        type: "pulumi-nodejs:dynamic/feishu-vc:RoomLevel",
        id: "omb_a",
        outputs: { name: "Building A", parentLevelId: "omb_root" },
      },
      {
        type: "pulumi-nodejs:dynamic/feishu-vc:RoomLevel",
        id: "omb_f1",
        outputs: { name: "F1", parentLevelId: "omb_a" },
      },
      {
        type: "pulumi-nodejs:dynamic/feishu-vc:Room",
        id: "omm_1",
        outputs: { name: "Everest", roomLevelId: "omb_f1", capacity: 16 },
      },
    ]);
    const tree = buildInventory(levels, rooms);
    expect(tree).toEqual([
      {
        id: "omb_a",
        name: "Building A",
        rooms: [],
        levels: [
          {
            id: "omb_f1",
            name: "F1",
            levels: [],
            rooms: [{ id: "omm_1", name: "Everest", capacity: 16 }],
          },
        ],
      },
    ]);
    expect(
      findUnmanagedRooms(tree, [
        { id: "omm_1", name: "Everest", levelId: "omb_f1" },
        { id: "omm_2", name: "Annex", levelId: "omb_f1", capacity: 6 },
        { id: "omm_3", name: "Elsewhere", levelId: "omb_other" },
      ]),
    ).toEqual([{ id: "omm_2", name: "Annex", capacity: 6, levelPath: ["Building A", "F1"] }]);
  });
});

describe("managedFromLayout", () => {
  it("matches nodes by custom id (the key unless given) and lists what the tenant lacks", () => {
    const result = managedFromLayout(
      {
        version: 1,
        levels: [
          {
            key: "hq",
            name: "HQ",
            rooms: [
              { key: "hq-board", name: "Board", capacity: 10 },
              { key: "hq-pod", name: "Pod", capacity: 2, customRoomId: "POD-1" },
              { key: "hq-new", name: "New", capacity: 4 },
            ],
          },
          { key: "lab", name: "Lab" },
        ],
      },
      [{ id: "omb_hq", name: "HQ (live name)", parentId: "omb_root", customId: "hq" }],
      [
        { id: "omm_b", name: "Board", levelId: "omb_hq", capacity: 12, customId: "hq-board" },
        { id: "omm_p", name: "Pod", levelId: "omb_hq", capacity: 2, customId: "POD-1" },
      ],
    );
    expect(result.levels).toEqual([{ id: "omb_hq", name: "HQ (live name)" }]);
    // Live capacities: usage reports the rooms as they are.
    expect(result.rooms).toEqual([
      { id: "omm_b", name: "Board", levelId: "omb_hq", capacity: 12 },
      { id: "omm_p", name: "Pod", levelId: "omb_hq", capacity: 2 },
    ]);
    expect(result.missing).toEqual(["hq-new", "lab"]);
  });
});
