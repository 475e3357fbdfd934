/**
 * Keeps the tenant in a JSON file: loaded at start, written after every change by writing a
 * temporary file and renaming it over the old one, so a crash never leaves half a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TenantSnapshot } from "./tenant";

export function loadSnapshot(file: string): TenantSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `emulator state file ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const snapshot = parsed as Partial<TenantSnapshot>;
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    snapshot.version !== 1 ||
    typeof snapshot.rootId !== "string" ||
    !Array.isArray(snapshot.levels) ||
    !Array.isArray(snapshot.rooms) ||
    !Array.isArray(snapshot.configs) ||
    // Families added later are optional (older files lack them) but must be lists when present.
    (snapshot.reservations !== undefined && !Array.isArray(snapshot.reservations)) ||
    (snapshot.meetings !== undefined && !Array.isArray(snapshot.meetings)) ||
    (snapshot.history !== undefined &&
      (typeof snapshot.history !== "object" ||
        snapshot.history === null ||
        !Array.isArray(snapshot.history.added)))
  ) {
    throw new Error(`emulator state file ${file} is not a tenant snapshot (version 1)`);
  }
  return snapshot as TenantSnapshot;
}

export function saveSnapshot(file: string, snapshot: TenantSnapshot): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, `${JSON.stringify(snapshot, null, 2)}\n`);
  fs.renameSync(temp, file);
}
