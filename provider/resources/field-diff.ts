import type { AnyFieldTable } from "./field-table";
import { containsUnknown, deepEqual } from "./values";

/** What {@link diffFields} found. */
export interface FieldDiff {
  /** Fields whose declared value differs from the state (or is not known yet). */
  readonly changed: string[];
  /** The subset of `changed` that forces a replacement. */
  readonly replaces: string[];
}

/**
 * Compares the declared inputs with the recorded state, field by field, without any API call.
 *
 * A field the program leaves out is not managed and never shows as a change (the API keeps
 * omitted fields, reference section 4 item 15). A value that is still unknown during preview
 * counts as changed, since it may well differ once known.
 */
export function diffFields(table: AnyFieldTable, oldValues: object, newValues: object): FieldDiff {
  const olds = oldValues as Readonly<Record<string, unknown>>;
  const news = newValues as Readonly<Record<string, unknown>>;
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [field, spec] of Object.entries(table)) {
    const declared = news[field];
    if (declared === undefined) continue;
    const canonical = spec.canonical ?? ((value: unknown) => value);
    const differs =
      containsUnknown(declared) || !deepEqual(canonical(olds[field]), canonical(declared));
    if (!differs) continue;
    changed.push(field);
    if (spec.onChange === "replace") replaces.push(field);
  }
  return { changed, replaces };
}
