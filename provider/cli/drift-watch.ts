/**
 * `drift --watch`: drift within seconds of an out-of-band change. Each room or level event names
 * an object; the watcher reads it live and compares it with the stack's state (the last declared
 * inputs), field by field with the resources' own field tables, as `drift` does. Findings are
 * confirmed against a fresh export of the state after a short settle, so the events of our own
 * `up` (which lands in the tenant a moment before its checkpoint lands in the state) are never
 * reported: by then the live object matches the state.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { FeishuVcClient, Room as WireRoom, RoomLevel as WireRoomLevel } from "../client";
import type { EventEnvelope, RoomEvent, RoomLevelEvent, RunningReceiver } from "../events";
import type { AnyFieldTable } from "../resources/field-table";
import { ROOM_FIELDS, roomFromWire } from "../resources/room";
import { ROOM_LEVEL_FIELDS, ROOT_PARENT, roomLevelFromWire } from "../resources/room-level";
import { deepEqual } from "../resources/values";
import type { DriftedField, DriftReport } from "../review/drift-report";

const LEVEL_TYPE = "pulumi-nodejs:dynamic/feishu-vc:RoomLevel";
const ROOM_TYPE = "pulumi-nodejs:dynamic/feishu-vc:Room";

export type ObjectKind = "Room" | "RoomLevel";

export interface WatchFinding {
  finding: "drifted" | "deleted" | "unmanaged";
  kind: ObjectKind;
  id: string;
  name: string;
  /** Drifted fields, declared vs live. */
  fields: DriftedField[];
  /** For an unmanaged object: the managed level it sits in. */
  parentId?: string;
  eventType: string;
  /** Milliseconds from the change (the event's create_time) to the finding. */
  latencyMs: number;
}

interface ManagedObject {
  kind: ObjectKind;
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Reads the stack's managed rooms and levels from its exported state. */
async function readManaged(stack: Stack): Promise<Map<string, ManagedObject>> {
  const deployment = (await stack.exportStack()).deployment as { resources?: StateResource[] };
  const managed = new Map<string, ManagedObject>();
  for (const resource of deployment.resources ?? []) {
    const kind =
      resource.type === ROOM_TYPE ? "Room" : resource.type === LEVEL_TYPE ? "RoomLevel" : undefined;
    if (kind === undefined || resource.id === undefined || resource.id === "") continue;
    const inputs = resource.inputs ?? {};
    managed.set(resource.id, {
      kind,
      name: typeof inputs.name === "string" ? inputs.name : resource.id,
      inputs,
      outputs: resource.outputs ?? {},
    });
  }
  return managed;
}

/** Compares declared inputs with live values over a field table's API fields. */
function compare(
  table: AnyFieldTable,
  declared: Record<string, unknown>,
  live: Record<string, unknown>,
): DriftedField[] {
  const fields: DriftedField[] = [];
  for (const [field, spec] of Object.entries(table)) {
    if (spec.wire === undefined || declared[field] === undefined) continue;
    const canonical = spec.canonical ?? ((value: unknown) => value);
    if (!deepEqual(canonical(declared[field]), canonical(live[field])))
      fields.push({ field, declared: declared[field], live: live[field] });
  }
  return fields;
}

/** A live room in the resource's argument form, mapped by the room's own field table. */
function liveRoom(room: WireRoom): Record<string, unknown> {
  return { ...roomFromWire(room) };
}

function liveLevel(level: WireRoomLevel, state: ManagedObject): Record<string, unknown> {
  // A level declared under the root keeps parentId "0" while it is still where it was put.
  const live: Record<string, unknown> = { ...roomLevelFromWire(level) };
  if (state.inputs.parentId === ROOT_PARENT && level.parent_id === state.outputs.parentLevelId)
    live.parentId = ROOT_PARENT;
  return live;
}

/** The object an event is about, or undefined for events the watcher ignores. */
function subject(event: EventEnvelope): { kind: ObjectKind; id: string } | undefined {
  const type = event.header.event_type;
  const body = (event.event ?? {}) as Record<string, unknown>;
  if (type.startsWith("vc.room.")) {
    const id = (body as Partial<RoomEvent>).room?.room_id;
    return typeof id === "string" ? { kind: "Room", id } : undefined;
  }
  if (type.startsWith("vc.room_level.")) {
    const id =
      type === "vc.room_level.deleted_v1"
        ? body.room_level_id
        : (body as Partial<RoomLevelEvent>).room_level?.room_level_id;
    return typeof id === "string" ? { kind: "RoomLevel", id } : undefined;
  }
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class DriftWatcher {
  private managed = new Map<string, ManagedObject>();

  constructor(
    private readonly readState: () => Promise<Map<string, ManagedObject>>,
    private readonly client: FeishuVcClient,
    /** Wait before confirming a finding against a fresh state export. */
    private readonly settleMs = 500,
  ) {}

  async refresh(): Promise<void> {
    this.managed = await this.readState();
  }

  /** The findings an event leads to (none for events about objects outside the stack). */
  async check(event: EventEnvelope): Promise<WatchFinding[]> {
    const target = subject(event);
    if (target === undefined) return [];
    let findings = await this.evaluate(target.kind, target.id, event);
    if (findings.length === 0) return findings;
    // Confirm: our own `up` may have written the object before its state was saved.
    await sleep(this.settleMs);
    await this.refresh();
    findings = await this.evaluate(target.kind, target.id, event);
    return findings;
  }

  private async evaluate(
    kind: ObjectKind,
    id: string,
    event: EventEnvelope,
  ): Promise<WatchFinding[]> {
    const state = this.managed.get(id);
    const base = {
      kind,
      id,
      eventType: event.header.event_type,
      latencyMs: 0,
      fields: [] as DriftedField[],
    };
    const stamp = (finding: WatchFinding): WatchFinding[] => [
      { ...finding, latencyMs: Date.now() - Number(event.header.create_time) },
    ];
    if (kind === "Room") {
      const userIdType = state?.inputs.userIdType;
      const [room] = await this.client.rooms.mget(
        [id],
        typeof userIdType === "string" ? { user_id_type: userIdType as "open_id" } : {},
      );
      if (state !== undefined) {
        if (room === undefined) return stamp({ ...base, finding: "deleted", name: state.name });
        const fields = compare(ROOM_FIELDS, state.inputs, liveRoom(room));
        return fields.length === 0
          ? []
          : stamp({ ...base, finding: "drifted", name: state.name, fields });
      }
      if (room !== undefined && this.managed.get(room.room_level_id)?.kind === "RoomLevel")
        return stamp({
          ...base,
          finding: "unmanaged",
          name: room.name,
          parentId: room.room_level_id,
        });
      return [];
    }
    const [level] = await this.client.roomLevels.mget([id]);
    if (state !== undefined) {
      if (level === undefined) return stamp({ ...base, finding: "deleted", name: state.name });
      const fields = compare(ROOM_LEVEL_FIELDS, state.inputs, liveLevel(level, state));
      return fields.length === 0
        ? []
        : stamp({ ...base, finding: "drifted", name: state.name, fields });
    }
    if (level !== undefined && this.managed.get(level.parent_id)?.kind === "RoomLevel")
      return stamp({ ...base, finding: "unmanaged", name: level.name, parentId: level.parent_id });
    return [];
  }
}

const show = (value: unknown): string => (value === undefined ? "(unset)" : JSON.stringify(value));

/** One line per finding, for the terminal. */
export function findingLine(finding: WatchFinding): string {
  const object = `${finding.kind} "${finding.name}" ${finding.id}`;
  const after = ` [${finding.eventType}, ${finding.latencyMs} ms after the change]`;
  if (finding.finding === "deleted") return `drift: ${object} deleted out of band${after}`;
  if (finding.finding === "unmanaged")
    return `drift: unmanaged ${object} under managed level ${finding.parentId ?? "?"}${after}`;
  const fields = finding.fields
    .map((f) => `${f.field} declared ${show(f.declared)}, live ${show(f.live)}`)
    .join("; ");
  return `drift: ${object}: ${fields}${after}`;
}

/** A finding as a drift report, so `--notify` posts the same Markdown as `drift`. */
export function findingReport(finding: WatchFinding): DriftReport {
  const object = {
    kind: finding.kind,
    name: finding.id,
    label: finding.name,
    place: [],
    fields: finding.fields,
  };
  return {
    drifted: finding.finding === "drifted" ? [object] : [],
    deleted: finding.finding === "deleted" ? [object] : [],
    unmanaged:
      finding.finding === "unmanaged"
        ? [
            {
              kind: finding.kind,
              id: finding.id,
              name: finding.name,
              parentId: finding.parentId ?? "",
            },
          ]
        : [],
    coveragePercent: 100,
    hasDrift: true,
  };
}

export interface DriftWatch {
  receiver: RunningReceiver;
  watcher: DriftWatcher;
  close(): Promise<void>;
}

/** How often the state snapshot is re-read even without events (catches other `up`s). */
const REFRESH_EVERY_MS = 60_000;

/**
 * Starts watching: reads the state once, then starts the receiver (through `startReceiver`, so
 * the CLI's flags apply) and hands each finding to `onFinding`.
 */
export async function startDriftWatch(
  stack: Stack,
  client: FeishuVcClient,
  startReceiver: (onEvent: (event: EventEnvelope) => Promise<void>) => Promise<RunningReceiver>,
  onFinding: (finding: WatchFinding) => void | Promise<void>,
  settleMs?: number,
): Promise<DriftWatch> {
  const watcher = new DriftWatcher(() => readManaged(stack), client, settleMs);
  await watcher.refresh();
  const receiver = await startReceiver(async (event) => {
    for (const finding of await watcher.check(event)) await onFinding(finding);
  });
  const timer = setInterval(() => void watcher.refresh().catch(() => undefined), REFRESH_EVERY_MS);
  timer.unref();
  return {
    receiver,
    watcher,
    close: async () => {
      clearInterval(timer);
      await receiver.close();
      await receiver.idle();
    },
  };
}
