/**
 * The drift report: what a refresh-preview says differs between the tenant and the declaration,
 * plus objects that live under managed levels but are declared nowhere. Pure: the CLI gathers the
 * inputs (preview events, the tenant listing) and prints the result.
 */
import type { Plan } from "./plan-model";

export interface DriftedField {
  field: string;
  declared: unknown;
  live: unknown;
}

export interface DriftedObject {
  kind: string;
  name: string;
  label: string;
  place: string[];
  fields: DriftedField[];
}

export interface UnmanagedObject {
  kind: "RoomLevel" | "Room";
  id: string;
  name: string;
  /** Id of the managed level it sits under. */
  parentId: string;
}

export interface DriftReport {
  drifted: DriftedObject[];
  /** Declared objects that no longer exist in the tenant (deleted out of band). */
  deleted: DriftedObject[];
  unmanaged: UnmanagedObject[];
  /** Managed share of the levels and rooms under managed levels, in percent. */
  coveragePercent: number;
  hasDrift: boolean;
}

export function driftReport(
  plan: Plan,
  unmanaged: UnmanagedObject[],
  managedCount: number,
): DriftReport {
  const drifted: DriftedObject[] = [];
  const deleted: DriftedObject[] = [];
  for (const step of plan.steps) {
    const base = { kind: step.kind, name: step.name, label: step.label, place: step.place };
    if (step.action === "create") deleted.push({ ...base, fields: [] });
    else if (step.action === "update" || step.action === "replace") {
      drifted.push({
        ...base,
        fields: step.changes.map((c) => ({ field: c.field, declared: c.new, live: c.old })),
      });
    }
  }
  const total = managedCount + unmanaged.length;
  const coveragePercent = total === 0 ? 100 : Math.round((1000 * managedCount) / total) / 10;
  return {
    drifted,
    deleted,
    unmanaged,
    coveragePercent,
    hasDrift: drifted.length > 0 || deleted.length > 0 || unmanaged.length > 0,
  };
}

const show = (value: unknown): string =>
  value === undefined ? "_(unset)_" : `\`${JSON.stringify(value)}\``;
const where = (place: string[]): string => (place.length === 0 ? "" : ` (${place.join(" / ")})`);

export function driftToMarkdown(report: DriftReport, stackName: string): string {
  const lines = [`### Drift report for stack \`${stackName}\``, ""];
  if (!report.hasDrift) {
    lines.push(
      `No drift: the tenant matches the declaration. Coverage ${report.coveragePercent}%.`,
    );
    return lines.join("\n") + "\n";
  }
  lines.push(
    `${report.drifted.length} drifted, ${report.deleted.length} deleted out of band, ` +
      `${report.unmanaged.length} unmanaged; coverage ${report.coveragePercent}%.`,
    "",
  );
  if (report.drifted.length > 0) {
    lines.push(
      "#### Drifted",
      "",
      "| object | field | declared | live |",
      "| --- | --- | --- | --- |",
    );
    for (const object of report.drifted) {
      for (const field of object.fields) {
        lines.push(
          `| ${object.kind} **${object.label}**${where(object.place)} | \`${field.field}\` | ${show(field.declared)} | ${show(field.live)} |`,
        );
      }
    }
    lines.push("");
  }
  if (report.deleted.length > 0) {
    lines.push("#### Deleted out of band (the next `up` recreates them)", "");
    for (const object of report.deleted)
      lines.push(`- ${object.kind} **${object.label}** (\`${object.name}\`)${where(object.place)}`);
    lines.push("");
  }
  if (report.unmanaged.length > 0) {
    lines.push("#### Unmanaged (under managed levels, in no layout)", "");
    for (const object of report.unmanaged)
      lines.push(
        `- ${object.kind} **${object.name}** \`${object.id}\` under \`${object.parentId}\``,
      );
    lines.push("");
  }
  return lines.join("\n");
}
