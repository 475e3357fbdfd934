/**
 * Validation of a layout file, all of it before any API call: YAML syntax (duplicate keys
 * included), the JSON Schema, and the rules a schema cannot state (unique keys, custom ids and
 * sibling names, depth, disable windows in order). Every problem is located at file:line:col with
 * the path of the field, and all of them are reported at once.
 */
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from "yaml";
import { checkReservation } from "../resources/reservation";
import { statusWindowProblems, toUnixSecondsString } from "../resources/room-status";
import { parseLayoutYaml } from "./parse";
import { layoutValidator, type SchemaError } from "./schema";
import type { Layout, LayoutIssue } from "./types";

/**
 * Deepest level nesting accepted. The API documents no limit (reference 2.2: "arbitrary depth");
 * 10 is far beyond campus/building/floor/wing and keeps a typo'd indentation from going unnoticed.
 */
const MAX_LEVEL_DEPTH = 10;

type Segment = string | number;

export interface ValidationResult {
  layout?: Layout;
  issues: LayoutIssue[];
}

/** `levels[0].rooms[2].capacity` from path segments. */
function formatPath(segments: readonly Segment[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === "number" ? `${out}[${s}]` : out === "" ? s : `${out}.${s}`),
    "",
  );
}

/** Edit distance, for "did you mean" on unknown fields. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(
        row[j]! + 1,
        row[j - 1]! + 1,
        previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length]!;
}

class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  private position(offset: number | undefined): { line: number; column: number } {
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** The node at `segments`, or the deepest existing ancestor. */
  private nodeAt(segments: readonly Segment[]): Node | undefined {
    for (let n = segments.length; n >= 0; n -= 1) {
      const node = this.doc.getIn(segments.slice(0, n), true) as Node | undefined;
      if (node !== undefined && node !== null && typeof node === "object" && "range" in node)
        return node;
    }
    return this.doc.contents ?? undefined;
  }

  /** The key of `property` in the mapping at `segments` (for unknown and duplicate fields). */
  private keyOf(segments: readonly Segment[], property: string): Node | undefined {
    const map = this.doc.getIn(segments, true);
    if (!isMap(map)) return undefined;
    const pair = map.items.find(
      (item) => isPair(item) && isScalar(item.key) && item.key.value === property,
    );
    return pair !== undefined && isScalar(pair.key) ? pair.key : undefined;
  }

  issue(segments: readonly Segment[], message: string, property?: string): LayoutIssue {
    const node =
      (property === undefined ? undefined : this.keyOf(segments, property)) ??
      this.nodeAt(segments);
    const at = this.position(node?.range?.[0]);
    const path = formatPath(property === undefined ? segments : [...segments, property]);
    return { file: this.file, line: at.line, column: at.column, path, message };
  }
}

function segmentsOf(instancePath: string): Segment[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function schemaMessage(
  error: SchemaError,
  segments: Segment[],
): { message: string; property?: string } {
  const params = error.params as Record<string, unknown>;
  const field = segments.at(-1);
  switch (error.keyword) {
    case "required":
      return { message: `required field "${String(params.missingProperty)}" is missing` };
    case "additionalProperties": {
      const unknown = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      const close = allowed
        .filter((name) => distance(name, unknown) <= 2)
        .sort((a, b) => distance(a, unknown) - distance(b, unknown));
      return {
        message: `unknown field "${unknown}"${close[0] === undefined ? "" : ` (did you mean "${close[0]}"?)`}`,
        property: unknown,
      };
    }
    case "type":
      return { message: `must be ${article(String(params.type))}` };
    case "minimum":
      return { message: `must be >= ${String(params.limit)}` };
    case "maximum":
      return { message: `must be <= ${String(params.limit)}` };
    case "minLength":
      return {
        message:
          params.limit === 1
            ? "must not be empty"
            : `must have at least ${String(params.limit)} characters`,
      };
    case "maxLength":
      return { message: `must have at most ${String(params.limit)} characters` };
    case "enum":
      return {
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "format":
      return {
        message: params.format === "uri" ? "must be a URL" : `must be a ${String(params.format)}`,
      };
    case "oneOf":
      return {
        message:
          "must be unix seconds or an ISO 8601 date-time with a zone (2026-12-01T09:00:00+08:00)",
      };
    case "pattern":
      if (field === "key")
        return {
          message:
            "must be lowercase letters, digits and dashes, starting with a letter or digit (at most 63)",
        };
      if (field === "customGroupId" || field === "customRoomId")
        return { message: "must not contain a comma" };
      if (field === "size") return { message: "must be a number of bytes, in digits" };
      return { message: `must match ${String(params.pattern)}` };
    default:
      return { message: error.message ?? "is invalid" };
  }
}

function schemaIssues(data: unknown, locate: Locator): LayoutIssue[] {
  const validate = layoutValidator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A oneOf failure explains itself; its branches' own errors at the same place are noise.
  const oneOfPaths = new Set(
    errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath),
  );
  const issues: LayoutIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (
      oneOfPaths.has(error.instancePath) &&
      error.keyword !== "oneOf" &&
      error.schemaPath.includes("/oneOf/")
    )
      continue;
    const segments = segmentsOf(error.instancePath);
    const { message, property } = schemaMessage(error, segments);
    const issue = locate.issue(segments, message, property);
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

/** Rules a JSON Schema cannot express. Skips nodes the schema already rejected as the wrong shape. */
function semanticIssues(data: unknown, locate: Locator): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const keys = new Map<string, string>();
  const levelCustomIds = new Map<string, string>();
  const roomCustomIds = new Map<string, string>();
  /** Records a value that must be unique; false (and an issue) when it was seen before. */
  const unique = (
    seen: Map<string, string>,
    value: unknown,
    segments: Segment[],
    what: string,
  ): boolean => {
    if (typeof value !== "string") return true;
    const issue = locate.issue(segments, "");
    const first = seen.get(value);
    if (first !== undefined) {
      issues.push({ ...issue, message: `duplicate ${what} "${value}" (first at line ${first})` });
      return false;
    }
    seen.set(value, String(issue.line));
    return true;
  };
  const uniqueNames = (nodes: unknown[], base: Segment[], what: string): void => {
    const names = new Map<string, string>();
    nodes.forEach((node, i) => {
      if (isRecord(node)) void unique(names, node.name, [...base, i, "name"], `${what} name`);
    });
  };
  const window = (status: unknown, segments: Segment[]): void => {
    if (!isRecord(status)) return;
    const start =
      status.disableStartTime === undefined
        ? undefined
        : toUnixSecondsString(status.disableStartTime);
    const end =
      status.disableEndTime === undefined ? undefined : toUnixSecondsString(status.disableEndTime);
    for (const [field, raw, parsed] of [
      ["disableStartTime", status.disableStartTime, start],
      ["disableEndTime", status.disableEndTime, end],
    ] as const) {
      // The schema checks the shape; this catches shapes that are no date (2026-02-30...).
      if (typeof raw === "string" && /^\d{4}-/.test(raw) && parsed === undefined) {
        issues.push(locate.issue([...segments, field], "is not a valid date-time"));
      }
    }
    // The rules `check` applies to every status too, in the same words.
    for (const problem of statusWindowProblems(status)) {
      issues.push(locate.issue([...segments, problem.field], problem.message));
    }
  };
  const config = (value: unknown, segments: Segment[]): void => {
    if (isRecord(value)) window(value.roomStatus, [...segments, "roomStatus"]);
  };
  const walkLevel = (level: unknown, segments: Segment[], depth: number): void => {
    if (!isRecord(level)) return;
    // A custom id derived from a duplicate key is the same mistake; it is reported once.
    const levelKeyIsNew = unique(keys, level.key, [...segments, "key"], "key");
    if (levelKeyIsNew || level.customGroupId !== undefined)
      unique(
        levelCustomIds,
        level.customGroupId ?? level.key,
        [...segments, level.customGroupId === undefined ? "key" : "customGroupId"],
        "level custom id",
      );
    if (depth > MAX_LEVEL_DEPTH)
      issues.push(
        locate.issue(segments, `levels nest ${depth} deep; at most ${MAX_LEVEL_DEPTH} are allowed`),
      );
    config(level.config, [...segments, "config"]);
    const children = list(level.levels);
    uniqueNames(children, [...segments, "levels"], "sibling level");
    children.forEach((child, i) => walkLevel(child, [...segments, "levels", i], depth + 1));
    const rooms = list(level.rooms);
    uniqueNames(rooms, [...segments, "rooms"], "room");
    rooms.forEach((room, i) => {
      if (!isRecord(room)) return;
      const at: Segment[] = [...segments, "rooms", i];
      const roomKeyIsNew = unique(keys, room.key, [...at, "key"], "key");
      if (roomKeyIsNew || room.customRoomId !== undefined)
        unique(
          roomCustomIds,
          room.customRoomId ?? room.key,
          [...at, room.customRoomId === undefined ? "key" : "customRoomId"],
          "room custom id",
        );
      window(room.status, [...at, "status"]);
      config(room.config, [...at, "config"]);
    });
  };
  if (!isRecord(data)) return issues;
  const top = list(data.levels);
  uniqueNames(top, ["levels"], "sibling level");
  top.forEach((level, i) => walkLevel(level, ["levels", i], 1));
  const reservationKeys = new Map<string, string>();
  list(data.reservations).forEach((reservation, i) => {
    if (!isRecord(reservation)) return;
    const at: Segment[] = ["reservations", i];
    unique(reservationKeys, reservation.key, [...at, "key"], "reservation key");
    // The rules the resource's `check` applies that the schema cannot state (the end time's
    // window relative to now, a 1v1 call that auto-records), in the same words.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { key, ...args } = reservation;
    for (const failure of checkReservation(args).failures ?? []) {
      if (failure.property !== "endTime" && failure.property !== "meetingSettings.autoRecord")
        continue;
      issues.push(locate.issue([...at, ...failure.property.split(".")], failure.reason));
    }
  });
  return issues;
}

/** Validates layout text; `file` is used in every issue. */
export function validateLayoutText(text: string, file: string): ValidationResult {
  const { doc, lines, issues: syntax } = parseLayoutYaml(text, file);
  if (syntax.length > 0 || doc === undefined) return { issues: syntax };
  // parseLayoutYaml bounded the expanded size, so the library's own alias cap is not needed.
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  const locate = new Locator(doc, lines, file);
  if (!isRecord(data))
    return {
      issues: [locate.issue([], "the layout must be a mapping with `version` and `levels`")],
    };
  const issues = [...schemaIssues(data, locate), ...semanticIssues(data, locate)].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path),
  );
  return issues.length > 0 ? { issues } : { layout: data as unknown as Layout, issues };
}
