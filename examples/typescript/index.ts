/**
 * A program that mixes a YAML layout with rooms built in code: the building and its hand-kept
 * floors come from layout.yaml; floor F5, a row of identical focus rooms, is generated from a
 * list. Everything is declared with the same resources, so plan, drift and export treat both
 * parts alike.
 *
 *   pulumi config set feishu-vc:appId cli_xxx
 *   pulumi config set --secret feishu-vc:appSecret xxx
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { Room, RoomLevel, ScopeConfig, declareLayout, loadLayout } from "pulumi-feishu-vc";

const config = new pulumi.Config("feishu-vc");
const layout = declareLayout(loadLayout(config.get("layout") ?? "layout.yaml"));
const tower = layout.levels["bj-tower"]!;

/** The focus rooms of F5: same size, same kit, one per tree of the Beijing hills. */
const FOCUS_ROOMS = ["Ginkgo", "Maple", "Pine", "Willow", "Cypress", "Poplar"];

const f5 = new RoomLevel("level-bj-f5", {
  name: "F5",
  parentId: tower.roomLevelId,
  customGroupId: "bj-f5",
});
const focusRooms = FOCUS_ROOMS.map((name) => {
  const key = `bj-f5-${name.toLowerCase()}`;
  return new Room(`room-${key}`, {
    name: `F5 ${name}`,
    roomLevelId: f5.roomLevelId,
    customRoomId: key,
    capacity: 2,
    devices: [{ name: "Screen" }],
  });
});

// F5 shows its own signage on the room displays while idle.
new ScopeConfig("config-bj-f5", {
  scopeType: "roomLevel",
  scopeId: f5.roomLevelId,
  config: {
    digitalSignage: {
      enable: true,
      materials: [
        {
          name: "Quiet floor",
          materialType: 1,
          url: "https://example.com/quiet.png",
          duration: 20,
        },
      ],
    },
  },
});

export const fromLayout = Object.keys(layout.rooms).length;
export const fromCode = focusRooms.length;
export const roomIds = {
  ...Object.fromEntries(Object.entries(layout.rooms).map(([key, room]) => [key, room.roomId])),
  ...Object.fromEntries(
    focusRooms.map((room, i) => [`bj-f5-${FOCUS_ROOMS[i]!.toLowerCase()}`, room.roomId]),
  ),
};
