"use strict";
// Declares RoomLevel, Room, ScopeConfig and Reservation resources from the stack config value
// `declaration:spec` (JSON), so an engine test changes what is declared between steps the way a
// user edits a program. Keys name resources; parents and scopes refer to keys.
const pulumi = require("@pulumi/pulumi");
// Installed next to the program (the portable-state test links it), else this checkout's build.
const { RoomLevel, Room, ScopeConfig, Reservation } = loadPackage();

function loadPackage() {
  try {
    return require("pulumi-feishu-vc");
  } catch {
    return require("../../../../dist/provider");
  }
}

const spec = JSON.parse(new pulumi.Config("declaration").require("spec"));
const levels = {};
const rooms = {};

// Levels may refer to parents declared later in the list; resolve in dependency order.
const pending = [...(spec.levels || [])];
while (pending.length > 0) {
  const index = pending.findIndex((level) => !level.parent || levels[level.parent]);
  if (index < 0)
    throw new Error(`unresolvable level parents: ${pending.map((l) => l.key).join(", ")}`);
  const [level] = pending.splice(index, 1);
  const { key, parent, ...args } = level;
  levels[key] = new RoomLevel(key, {
    ...args,
    ...(parent ? { parentId: levels[parent].roomLevelId } : {}),
  });
}

for (const room of spec.rooms || []) {
  const { key, level, ...args } = room;
  rooms[key] = new Room(key, { ...args, roomLevelId: levels[level].roomLevelId });
}

for (const config of spec.configs || []) {
  const { key, level, room, ...args } = config;
  new ScopeConfig(key, {
    ...args,
    scopeType: level ? "roomLevel" : "room",
    scopeId: level ? levels[level].roomLevelId : rooms[room].roomId,
  });
}

const reservations = {};
for (const reservation of spec.reservations || []) {
  const { key, ...args } = reservation;
  reservations[key] = new Reservation(key, args);
}

exports.levelIds = Object.fromEntries(
  Object.entries(levels).map(([key, level]) => [key, level.roomLevelId]),
);
exports.roomIds = Object.fromEntries(
  Object.entries(rooms).map(([key, room]) => [key, room.roomId]),
);
exports.reserveIds = Object.fromEntries(
  Object.entries(reservations).map(([key, reservation]) => [key, reservation.reserveId]),
);
