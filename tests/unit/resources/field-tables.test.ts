/**
 * The field tables are the provider's one definition of each field (decisions/0004). These tests
 * tie them to the layout schema (a bound, an enum or a property changed in one and not the other
 * fails here) and pin what the derived wire mappers send and read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ROOM_CONFIG_FIELDS,
  ROOM_FIELDS,
  ROOM_LEVEL_FIELDS,
  roomFromWire,
} from "../../../provider/resources";
import type { AnyFieldTable, FieldType } from "../../../provider/resources/field-table";
import { objectFromWire, objectToWire } from "../../../provider/resources/field-table";
import { CAPACITY_MAX } from "../../../provider/resources/limits";

type SchemaNode = {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  oneOf?: SchemaNode[];
};

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "..", "schemas", "layout.schema.json"), "utf8"),
) as SchemaNode & { $defs: Record<string, SchemaNode> };

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace("#/$defs/", "");
  const target = schema.$defs[name];
  if (target === undefined) throw new Error(`unknown $ref ${node.$ref}`);
  return resolve(target);
}

/** Every disagreement between a field type and the schema node that describes the same field. */
function typeMismatches(where: string, type: FieldType, raw: SchemaNode): string[] {
  const node = resolve(raw);
  const out: string[] = [];
  const same = (what: string, table: unknown, inSchema: unknown): void => {
    if (JSON.stringify(table) !== JSON.stringify(inSchema))
      out.push(
        `${where}: ${what} is ${JSON.stringify(table)} in the table, ${JSON.stringify(inSchema)} in the schema`,
      );
  };
  switch (type.kind) {
    case "string":
      same("type", "string", node.type);
      // A schema without minLength allows the empty string, as a table without one does.
      same("minLength", type.minLength ?? 0, node.minLength ?? 0);
      same("maxLength", type.maxLength, node.maxLength);
      break;
    case "integer":
      same("type", "integer", node.type);
      same("minimum", type.minimum, node.minimum);
      same("maximum", type.maximum, node.maximum);
      break;
    case "boolean":
      same("type", "boolean", node.type);
      break;
    case "enum":
      same("enum", type.values, node.enum);
      break;
    case "time":
      // Two accepted forms (unix seconds or ISO 8601): a oneOf, whose shapes the layout tests cover.
      same("form", "oneOf", node.oneOf === undefined ? node.type : "oneOf");
      break;
    case "list":
      same("type", "array", node.type);
      if (node.items !== undefined)
        out.push(...typeMismatches(`${where}[]`, type.items, node.items));
      break;
    case "object":
      same("type", "object", node.type);
      out.push(...tableMismatches(where, type.fields, node, []));
      break;
  }
  return out;
}

/**
 * Disagreements between a table and a schema object: its property keys (less the table's rows
 * the layout expresses by its tree, plus the layout's own keys), required lists, and each
 * field's type and bounds.
 */
function tableMismatches(
  where: string,
  table: AnyFieldTable,
  raw: SchemaNode,
  structural: { tableOnly?: string[]; schemaOnly?: string[] } | [],
): string[] {
  const node = resolve(raw);
  const { tableOnly = [], schemaOnly = [] } = Array.isArray(structural) ? {} : structural;
  const out: string[] = [];
  const tableKeys = Object.keys(table).filter((key) => !tableOnly.includes(key));
  const schemaKeys = Object.keys(node.properties ?? {}).filter((key) => !schemaOnly.includes(key));
  if (JSON.stringify([...tableKeys].sort()) !== JSON.stringify([...schemaKeys].sort()))
    out.push(
      `${where}: keys ${tableKeys.sort().join(",")} in the table, ${schemaKeys.sort().join(",")} in the schema`,
    );
  const tableRequired = tableKeys.filter((key) => table[key]!.required === true).sort();
  const schemaRequired = (node.required ?? []).filter((key) => !schemaOnly.includes(key)).sort();
  if (JSON.stringify(tableRequired) !== JSON.stringify(schemaRequired))
    out.push(
      `${where}: required ${tableRequired.join(",")} in the table, ${schemaRequired.join(",")} in the schema`,
    );
  for (const key of tableKeys) {
    const property = node.properties?.[key];
    if (property !== undefined)
      out.push(...typeMismatches(`${where}.${key}`, table[key]!.type, property));
  }
  return out;
}

const roomSchema = (): SchemaNode => schema.$defs.room!;
const levelSchema = (): SchemaNode => schema.$defs.level!;
const configSchema = (): SchemaNode => schema.$defs.config!;
const ROOM_STRUCTURE = { tableOnly: ["roomLevelId"], schemaOnly: ["key", "config"] };
const LEVEL_STRUCTURE = {
  tableOnly: ["parentId"],
  schemaOnly: ["key", "config", "protect", "levels", "rooms"],
};

describe("field tables and the layout schema", () => {
  it("agree on every Room field: keys, required, types, bounds and enums, nested ones included", () => {
    expect(tableMismatches("room", ROOM_FIELDS, roomSchema(), ROOM_STRUCTURE)).toEqual([]);
  });

  it("agree on every RoomLevel field", () => {
    expect(tableMismatches("level", ROOM_LEVEL_FIELDS, levelSchema(), LEVEL_STRUCTURE)).toEqual([]);
  });

  it("agree on every configuration field (backgrounds, signage, materials, status)", () => {
    expect(tableMismatches("config", ROOM_CONFIG_FIELDS, configSchema(), [])).toEqual([]);
  });

  it("notice a bound changed on one side only", () => {
    const raised = structuredClone(roomSchema());
    raised.properties!.capacity!.maximum = CAPACITY_MAX + 1;
    expect(tableMismatches("room", ROOM_FIELDS, raised, ROOM_STRUCTURE)).toEqual([
      `room.capacity: maximum is ${CAPACITY_MAX} in the table, ${CAPACITY_MAX + 1} in the schema`,
    ]);
    const narrowed = structuredClone(roomSchema());
    narrowed.properties!.userIdType = { enum: ["open_id"] };
    expect(tableMismatches("room", ROOM_FIELDS, narrowed, ROOM_STRUCTURE)).toEqual([
      'room.userIdType: enum is ["open_id","union_id","user_id"] in the table, ["open_id"] in the schema',
    ]);
    const extra = structuredClone(roomSchema());
    extra.properties!.floorArea = { type: "integer" };
    expect(tableMismatches("room", ROOM_FIELDS, extra, ROOM_STRUCTURE)).toHaveLength(1);
  });
});

describe("wire mapping derived from the Room table", () => {
  const inputs = {
    name: "Everest",
    roomLevelId: "omb_1",
    capacity: 12,
    description: "South side",
    customRoomId: "everest",
    devices: [{ name: "TV" }],
    status: { enabled: false, disableStartTime: "100", disableEndTime: "0" },
    userIdType: "union_id",
    adopt: true,
  };
  const wire = {
    name: "Everest",
    room_level_id: "omb_1",
    capacity: 12,
    description: "South side",
    custom_room_id: "everest",
    device: [{ name: "TV" }],
    room_status: { status: false, disable_start_time: "100", disable_end_time: "0" },
  };

  it("writes every field under its wire name and leaves provider-only settings out", () => {
    expect(objectToWire(ROOM_FIELDS, inputs)).toEqual(wire);
  });

  it("writes a capacity-only change as the capacity field", () => {
    expect(objectToWire(ROOM_FIELDS, { capacity: 30 })).toEqual({ capacity: 30 });
  });

  it("reads back what it writes", () => {
    const { userIdType, adopt, ...stored } = inputs;
    void userIdType;
    void adopt;
    expect(objectFromWire(ROOM_FIELDS, wire)).toEqual(stored);
  });

  it("reads a capacity the service leaves out by one rule, for the state and the export alike", () => {
    const room = roomFromWire({ room_id: "omm_1", name: "A", room_level_id: "omb_1" });
    expect(room.capacity).toBe(ROOM_FIELDS.capacity.missing);
    expect(room).not.toHaveProperty("description");
  });
});
