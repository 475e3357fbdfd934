/**
 * Turns the engine's preview events into a plan a reviewer reads: one step per resource with its
 * action, its place in the building/floor hierarchy and the fields that change (old -> new).
 * Pure: no engine, no API.
 */
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { redactValue } from "../client";

/** Actions shown in a plan, most disruptive first. */
export type PlanAction = "delete" | "replace" | "update" | "create" | "read" | "same";

export interface FieldChange {
  /** Path of the field, as the engine reports it (`capacity`, `status.enabled`). */
  field: string;
  old: unknown;
  new: unknown;
}

export interface PlanStep {
  action: PlanAction;
  /** `RoomLevel`, `Room`, `ScopeConfig`, or the engine's own type for anything else. */
  kind: string;
  /** Logical name of the resource (from the URN). */
  name: string;
  /** Display name: the level or room name, or the logical name. */
  label: string;
  /** Names of the levels above the object, root side first (building, floor...). */
  place: string[];
  changes: FieldChange[];
  /** True when the step disables a room or a scope (bookings in the window get cancelled). */
  deactivates: boolean;
  /** For an existing Room: its id and its level's id, to look up its bookings. */
  room?: { roomId: string; roomLevelId: string };
  /**
   * For a deactivating step: the new disable window, unix-seconds strings as in the status (no
   * start: from now; no end or `"0"`: no end).
   */
  disableWindow?: { start?: string; end?: string };
}

export interface Plan {
  steps: PlanStep[];
  counts: Record<PlanAction, number>;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/feishu-vc:";
/** What the engine puts where a value is not known until apply. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;

const isRecord = (value: unknown): value is Props =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function actionOf(op: string): PlanAction | undefined {
  switch (op) {
    case "create":
    case "create-replacement":
      return op === "create" ? "create" : "replace";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "replace":
      return "replace";
    case "same":
      return "same";
    case "read":
    case "refresh":
      return "read";
    default:
      // delete-replaced, discard and friends are parts of a replace already counted.
      return undefined;
  }
}

/** Reads `a.b[0].c` out of a value. */
function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

interface LevelInfo {
  name: string;
  parent?: string;
}

/** Levels known from the events: id -> name and parent id, for placing objects. */
function levelDirectory(metas: StepEventMetadata[]): Map<string, LevelInfo> {
  const levels = new Map<string, LevelInfo>();
  for (const meta of metas) {
    if (meta.type !== `${TYPE_PREFIX}RoomLevel`) continue;
    for (const state of [meta.old, meta.new]) {
      const outputs = state?.outputs as Props | undefined;
      const inputs = state?.inputs as Props | undefined;
      const id = outputs?.roomLevelId ?? (state?.id === "" ? undefined : state?.id);
      const name = inputs?.name ?? outputs?.name;
      if (typeof id !== "string" || typeof name !== "string" || id === UNKNOWN) continue;
      const parent = outputs?.parentLevelId ?? inputs?.parentId;
      levels.set(id, { name, ...(typeof parent === "string" ? { parent } : {}) });
    }
  }
  return levels;
}

function placeOf(levelId: unknown, levels: Map<string, LevelInfo>): string[] {
  if (typeof levelId !== "string") return [];
  if (levelId === UNKNOWN) return ["(new level)"];
  const names: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = levelId;
  while (current !== undefined && levels.has(current) && !seen.has(current)) {
    seen.add(current);
    const info: LevelInfo = levels.get(current)!;
    names.unshift(info.name);
    current = info.parent;
  }
  return names;
}

/** Fields whose value is a level id. */
const LEVEL_REFERENCES = new Set(["roomLevelId", "parentId"]);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Paths of the declared values that differ, one level into objects (`status.enabled`), so a
 * reviewer sees which part of a nested setting changes. Undeclared fields are not managed.
 */
function changedPaths(olds: Props, news: Props, prefix: string, depth = 0): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (key === "__provider" || same(olds[key], value)) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const old = olds[key];
    if (depth < 1 && isRecord(value) && isRecord(old))
      out.push(...changedPaths(old, value, path, depth + 1));
    else out.push(path);
  }
  return out;
}

function isDisabled(status: unknown): boolean {
  return isRecord(status) && status.enabled === false;
}

function stepOf(
  meta: StepEventMetadata,
  action: PlanAction,
  levels: Map<string, LevelInfo>,
): PlanStep {
  const kind = meta.type.startsWith(TYPE_PREFIX) ? meta.type.slice(TYPE_PREFIX.length) : meta.type;
  const oldProps = { ...((meta.old?.outputs as Props | undefined) ?? {}) };
  const newProps = { ...((meta.new?.inputs as Props | undefined) ?? {}) };
  const current = action === "delete" ? oldProps : { ...oldProps, ...newProps };
  const name = meta.urn.split("::").at(-1) ?? meta.urn;
  const label = typeof current.name === "string" ? current.name : name;
  const place =
    kind === "Room"
      ? placeOf(current.roomLevelId, levels)
      : kind === "RoomLevel"
        ? placeOf(current.parentLevelId ?? current.parentId, levels)
        : kind === "ScopeConfig"
          ? placeOf(current.scopeType === "roomLevel" ? current.scopeId : undefined, levels)
          : [];
  // Dynamic providers report no per-field diff to the engine, so the changed fields are found
  // here: the declared fields (new inputs) whose value differs from the recorded inputs.
  const oldInputs = { ...((meta.old?.inputs as Props | undefined) ?? {}) };
  // A move shows where from and where to (`HQ / F1` -> `HQ / F2`), not two opaque level ids.
  const shown = (field: string, value: unknown): unknown => {
    if (!LEVEL_REFERENCES.has(field)) return redactValue(value);
    const where = placeOf(value, levels);
    return where.length > 0 ? where.join(" / ") : value;
  };
  const changes =
    action === "update" || action === "replace"
      ? changedPaths(oldInputs, newProps, "").map((field) => ({
          field,
          old: shown(field, valueAt(oldInputs, field)),
          new: shown(field, valueAt(newProps, field)),
        }))
      : [];
  const newStatus =
    kind === "ScopeConfig" ? valueAt(newProps, "config.roomStatus") : newProps.status;
  const oldStatus =
    kind === "ScopeConfig" ? valueAt(oldProps, "config.roomStatus") : oldProps.status;
  const deactivates = action !== "delete" && isDisabled(newStatus) && !isDisabled(oldStatus);
  const room = kind === "Room" ? existingRoom(oldProps) : undefined;
  return {
    action,
    kind,
    name,
    label,
    place,
    changes,
    deactivates,
    ...(room === undefined ? {} : { room }),
    ...(deactivates ? { disableWindow: windowOf(newStatus) } : {}),
  };
}

/** The ids of a room the state records (a room still to be created has none: no bookings). */
function existingRoom(recorded: Props): PlanStep["room"] {
  const { roomId, roomLevelId } = recorded;
  if (typeof roomId !== "string" || roomId === "" || roomId === UNKNOWN) return undefined;
  if (typeof roomLevelId !== "string" || roomLevelId === "" || roomLevelId === UNKNOWN)
    return undefined;
  return { roomId, roomLevelId };
}

function windowOf(status: unknown): NonNullable<PlanStep["disableWindow"]> {
  const time = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" && value !== UNKNOWN ? value : undefined;
  const start = isRecord(status) ? time(status.disableStartTime) : undefined;
  const end = isRecord(status) ? time(status.disableEndTime) : undefined;
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}

/** Builds the plan from the events of one preview. Only resource steps count; the stack itself does not. */
export function planFromEvents(events: readonly EngineEvent[]): Plan {
  const metas = events
    .map((event) => event.resourcePreEvent?.metadata)
    .filter(
      (meta): meta is StepEventMetadata =>
        meta !== undefined &&
        meta.type !== "pulumi:pulumi:Stack" &&
        !meta.type.startsWith("pulumi:providers:"),
    );
  const levels = levelDirectory(metas);
  const counts: Record<PlanAction, number> = {
    delete: 0,
    replace: 0,
    update: 0,
    create: 0,
    read: 0,
    same: 0,
  };
  const steps: PlanStep[] = [];
  for (const meta of metas) {
    const action = actionOf(meta.op);
    if (action === undefined) continue;
    counts[action] += 1;
    steps.push(stepOf(meta, action, levels));
  }
  return { steps, counts };
}
