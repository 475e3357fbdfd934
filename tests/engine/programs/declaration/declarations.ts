/**
 * Declarations the engine tests feed to the `declaration` program (as the stack config value
 * `declaration:spec`). Keys name resources and double as custom ids.
 */
export interface DeclaredLevel {
  key: string;
  name: string;
  customGroupId: string;
  parent?: string;
  adopt?: boolean;
  cascadeDelete?: boolean;
}

export interface DeclaredRoom {
  key: string;
  name: string;
  level: string;
  capacity: number;
  customRoomId: string;
  description?: string;
  devices?: { name: string }[];
  status?: {
    enabled: boolean;
    disableStartTime?: string;
    disableEndTime?: string | number;
    disableReason?: string;
  };
  adopt?: boolean;
}

export interface DeclaredConfig {
  key: string;
  level?: string;
  room?: string;
  config: Record<string, unknown>;
}

export interface DeclaredReservation {
  key: string;
  ownerId: string;
  endTime?: string;
  meetingSettings: Record<string, unknown>;
  userIdType?: string;
}

export interface Declaration {
  levels: DeclaredLevel[];
  rooms: DeclaredRoom[];
  configs: DeclaredConfig[];
  reservations?: DeclaredReservation[];
}

const level = (key: string, name: string, parent?: string): DeclaredLevel => ({
  key,
  name,
  customGroupId: key,
  ...(parent ? { parent } : {}),
});

/** A campus, two buildings, three floors, five rooms and two scope configs. */
export const baseDeclaration: Declaration = {
  levels: [
    level("hq", "HQ Campus"),
    level("b1", "Building 1", "hq"),
    level("b2", "Building 2", "hq"),
    level("b1-f1", "F1", "b1"),
    level("b1-f2", "F2", "b1"),
    level("b2-f1", "F1", "b2"),
  ],
  rooms: [
    {
      key: "everest",
      name: "Everest",
      level: "b1-f1",
      capacity: 12,
      customRoomId: "everest",
      devices: [{ name: "TV" }],
      status: { enabled: true },
    },
    { key: "k2", name: "K2", level: "b1-f1", capacity: 8, customRoomId: "k2" },
    {
      key: "denali",
      name: "Denali",
      level: "b1-f2",
      capacity: 6,
      customRoomId: "denali",
      status: { enabled: true },
    },
    {
      key: "fuji",
      name: "Fuji",
      level: "b2-f1",
      capacity: 10,
      customRoomId: "fuji",
      devices: [{ name: "TV" }],
    },
    {
      key: "olympus",
      name: "Olympus",
      level: "b2-f1",
      capacity: 4,
      customRoomId: "olympus",
      description: "Quiet room",
    },
  ],
  configs: [
    { key: "b1-config", level: "b1", config: { roomBackground: "https://example.com/b1.png" } },
    {
      key: "everest-config",
      room: "everest",
      config: { digitalSignage: { enable: true, startDisplay: 5, stopDisplay: 10 } },
    },
  ],
};

/** The base with four edits in code: a rename, a room moved, a floor moved, devices and status. */
export const editedDeclaration: Declaration = {
  ...baseDeclaration,
  levels: baseDeclaration.levels.map((l) => (l.key === "b1-f2" ? { ...l, parent: "b2" } : l)),
  rooms: baseDeclaration.rooms.map((room) => {
    switch (room.key) {
      case "k2":
        return { ...room, name: "K2 Summit" };
      case "denali":
        return { ...room, level: "b1-f1" };
      case "fuji":
        return {
          ...room,
          devices: [{ name: "TV" }, { name: "Camera" }],
          status: {
            enabled: false,
            disableStartTime: "2030-01-01T00:00:00Z",
            disableEndTime: 0,
            disableReason: "Refit",
          },
        };
      default:
        return room;
    }
  }),
};
