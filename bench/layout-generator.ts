/**
 * Synthetic layouts for the benchmark: `rooms` rooms spread evenly over the floors of a tree of
 * `levels` levels (one campus, the rest floors under it), as YAML the default program reads.
 */
import { stringify } from "yaml";
import type { Layout, LayoutLevel } from "../provider/layout";

export interface GeneratedLayout {
  layout: Layout;
  /** Logical keys of the rooms, in creation order. */
  roomKeys: string[];
}

export function generateLayout(
  rooms: number,
  levels: number,
  options: { prefix?: string; capacityOf?: (index: number) => number } = {},
): GeneratedLayout {
  const prefix = options.prefix ?? "b";
  const capacityOf = options.capacityOf ?? ((index: number) => 4 + (index % 12));
  const floorCount = Math.max(1, levels - 1);
  const floors: LayoutLevel[] = Array.from({ length: floorCount }, (_, f) => ({
    key: `${prefix}-f${f + 1}`,
    name: `Floor ${f + 1}`,
    rooms: [],
  }));
  const roomKeys: string[] = [];
  for (let index = 0; index < rooms; index += 1) {
    const key = `${prefix}-r${index + 1}`;
    roomKeys.push(key);
    floors[index % floorCount]!.rooms!.push({
      key,
      name: `Room ${index + 1}`,
      capacity: capacityOf(index),
      ...(index % 3 === 0 ? { devices: [{ name: "TV" }] } : {}),
    });
  }
  const campus: LayoutLevel = { key: `${prefix}-campus`, name: "Bench Campus", levels: floors };
  return { layout: { version: 1, levels: [campus] }, roomKeys };
}

export function layoutYaml(layout: Layout): string {
  return stringify(layout, { lineWidth: 0 });
}
