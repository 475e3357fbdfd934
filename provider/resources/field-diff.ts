import { containsUnknown, deepEqual } from "./values";

/**
 * One row of a resource's field table: the single place that says what a field is on the wire
 * and what changing it costs.
 */
export interface FieldSpec {
  /** The API field it maps to; `undefined` for provider-only settings that are never sent. */
  readonly wire: string | undefined;
  /**
   * `update`: the API can change it in place (PATCH / set). `replace`: it identifies the object,
   * so a change means delete and create.
   */
  readonly onChange: "update" | "replace";
  /** Form in which declared and live values are compared (absent flags equal false, ...). */
  readonly canonical?: (value: unknown) => unknown;
}

/** A field table covers every argument of a resource: a missing row fails to compile. */
export type FieldTable<Args> = { readonly [K in keyof Required<Args>]: FieldSpec };

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
export function diffFields<Args>(
  table: FieldTable<Args>,
  oldValues: object,
  newValues: object,
): FieldDiff {
  const olds = oldValues as Readonly<Record<string, unknown>>;
  const news = newValues as Readonly<Record<string, unknown>>;
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [field, spec] of Object.entries<FieldSpec>(table)) {
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

/** The fields of a table the API knows (those with a wire name). */
export function wireFields<Args>(table: FieldTable<Args>): string[] {
  return Object.entries<FieldSpec>(table)
    .filter(([, spec]) => spec.wire !== undefined)
    .map(([field]) => field);
}
