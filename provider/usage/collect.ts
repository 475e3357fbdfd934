/**
 * Room usage of a tenant end to end: the managed tree (from a stack's state or a layout matched
 * to the tenant), the unmanaged rooms under it, the bookings through the export API, and the
 * computed report. The CLI and the benchmark both run this.
 */
import { streamFetchedExportRows, type ExportProgress, type FeishuVcClient } from "../client";
import type { Layout } from "../layout/types";
import { computeUsage } from "./compute";
import { exportWindows, fetchBookings, readTenantUnder, type TimeWindow } from "./fetch";
import {
  buildInventory,
  findUnmanagedRooms,
  managedFromLayout,
  managedFromState,
  type ManagedLevel,
  type ManagedRoom,
  type StateResource,
  type TenantLevel,
} from "./inventory";
import type { UsageReport } from "./model";
import type { WorkingHours } from "./working-hours";

/** Where the managed rooms are declared. */
export type UsageSource =
  { kind: "state"; resources: readonly StateResource[] } | { kind: "layout"; layout: Layout };

export interface CollectOptions {
  from: Date;
  to: Date;
  workingHours: WorkingHours;
  /**
   * Called before each export (a level and a window of at most 90 days); what it returns
   * follows that export's progress and is stopped when the export ends.
   */
  onExport?: (levelName: string, window: TimeWindow, index: number, total: number) => ExportWatcher;
}

/** Follows one export: its steps (create, wait, download), then stop. */
export interface ExportWatcher {
  onProgress(progress: ExportProgress): void;
  stop(): void;
}

export interface CollectedUsage {
  report: UsageReport;
  /** Layout keys the tenant does not have (not applied yet); empty for a stack. */
  missing: string[];
  /** Export tasks run (one per top-level level and 90-day window). */
  exports: number;
}

export async function collectUsage(
  client: FeishuVcClient,
  source: UsageSource,
  options: CollectOptions,
): Promise<CollectedUsage> {
  const managed = await managedTree(client, source);
  const inventory = buildInventory(managed.levels, managed.rooms);
  const tenant = await readTenantUnder(
    client,
    inventory.map((level) => level.id),
  );
  const total = inventory.length * exportWindows(options.from, options.to).length;
  let index = 0;
  const names = new Map(inventory.map((level) => [level.id, level.name]));
  const bookings = await fetchBookings(
    async function* (roomLevelId, window) {
      const watcher = options.onExport?.(
        names.get(roomLevelId) ?? roomLevelId,
        window,
        ++index,
        total,
      );
      try {
        yield* streamFetchedExportRows(
          client,
          {
            kind: "resource_reservation_list",
            params: { roomLevelId, startTime: window.start, endTime: window.end },
          },
          watcher === undefined ? {} : { onProgress: (p) => watcher.onProgress(p) },
        );
      } finally {
        watcher?.stop();
      }
    },
    inventory.map((level) => level.id),
    options.from,
    options.to,
  );
  const report = computeUsage({
    levels: inventory,
    unmanagedRooms: findUnmanagedRooms(inventory, tenant.rooms),
    bookings,
    from: options.from,
    to: options.to,
    workingHours: options.workingHours,
  });
  return { report, missing: managed.missing, exports: index };
}

async function managedTree(
  client: FeishuVcClient,
  source: UsageSource,
): Promise<{ levels: ManagedLevel[]; rooms: ManagedRoom[]; missing: string[] }> {
  if (source.kind === "state") return { ...managedFromState(source.resources), missing: [] };
  // The layout's top-level levels live under parentLevelId (default: the tenant root).
  const tops: TenantLevel[] = (await client.roomLevels.listAll(source.layout.parentLevelId)).map(
    (level) => ({
      id: level.room_level_id,
      name: level.name,
      parentId: level.parent_id,
      ...(level.custom_group_id ? { customId: level.custom_group_id } : {}),
    }),
  );
  const declared = new Set(source.layout.levels.map((level) => level.customGroupId ?? level.key));
  const matched = tops.filter(
    (level) => level.customId !== undefined && declared.has(level.customId),
  );
  const below = await readTenantUnder(
    client,
    matched.map((level) => level.id),
  );
  return managedFromLayout(source.layout, [...matched, ...below.levels], below.rooms);
}
