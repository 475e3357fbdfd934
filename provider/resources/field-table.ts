import type * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "./input-check";
import { UNKNOWN_VALUE, isPlainObject, toUnixSecondsString, withoutUndefined } from "./values";

/**
 * What a field's value is: its bounds (checked offline by `check`, stated again by the layout
 * schema, tied to it by a test) and, from its kind, how it is written to the wire and read back.
 */
export type FieldType =
  | { readonly kind: "string"; readonly minLength?: number; readonly maxLength?: number }
  | { readonly kind: "integer"; readonly minimum: number; readonly maximum: number }
  | { readonly kind: "boolean" }
  /** One of `values`; `wireValues`, when given, is what each value is called on the wire. */
  | {
      readonly kind: "enum";
      readonly values: readonly (string | number)[];
      readonly wireValues?: Readonly<Record<string, string | number>>;
    }
  /** Unix seconds or an ISO 8601 date-time; stored and sent as a unix-seconds string. */
  | { readonly kind: "time" }
  /** A nested object with its own table; `rules` adds what spans several of its fields. */
  | {
      readonly kind: "object";
      readonly fields: AnyFieldTable;
      readonly rules?: (value: Readonly<Record<string, unknown>>) => readonly FieldProblem[];
    }
  | { readonly kind: "list"; readonly items: FieldType };

/** A problem of one field of an object, found by a rule that looks at several fields. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * One row of a field table: the single place that says what a field is on the wire, what values
 * it takes and what changing it costs.
 */
export interface FieldSpec<WireName extends string = string> {
  /** The API field it maps to; `undefined` for provider-only settings that are never sent. */
  readonly wire: WireName | undefined;
  /**
   * `update`: the API can change it in place (PATCH / set). `replace`: it identifies the object,
   * so a change means delete and create.
   */
  readonly onChange: "update" | "replace";
  readonly type: FieldType;
  /** `check` fails when the field is absent. */
  readonly required?: boolean;
  /**
   * The value the field reads as when the service leaves it out of an answer (reference section
   * 4, item 21). Without one, an omitted field is absent from the state and the export alike.
   */
  readonly missing?: unknown;
  /** Form in which declared and live values are compared (absent flags equal false, ...). */
  readonly canonical?: (value: unknown) => unknown;
}

/** A table whose argument and wire types are not known here (nested tables, generic helpers). */
export type AnyFieldTable = Readonly<Record<string, FieldSpec>>;

/**
 * A field table covers every argument of a resource, and its wire names are fields of the API
 * object: a missing row, or a wire name the API does not have, fails to compile.
 */
export type FieldTable<Args, Wire = Record<string, unknown>> = {
  readonly [K in keyof Required<Args>]: FieldSpec<Extract<keyof Wire, string>>;
};

/** The wire names a table maps to (provider-only rows left out). */
export type WireNamesOf<Table> = Exclude<
  { [K in keyof Table]: Table[K] extends { readonly wire: infer W } ? W : never }[keyof Table],
  undefined
>;

/** The provider-only rows of a table (no wire name): settings the service never stores. */
export type ProviderOnlyOf<Table> = {
  [K in keyof Table]: Table[K] extends { readonly wire: undefined } ? K : never;
}[keyof Table];

/** Arguments with every input resolved: what the provider receives and the layout declares. */
export type Resolved<Args> = pulumi.Unwrap<Args>;

/** The wire form of a value of `type`. */
function valueToWire(type: FieldType, value: unknown): unknown {
  switch (type.kind) {
    case "enum":
      return type.wireValues?.[String(value)] ?? value;
    case "object":
      return isPlainObject(value) ? objectToWire(type.fields, value) : value;
    case "list":
      return Array.isArray(value) ? value.map((item) => valueToWire(type.items, item)) : value;
    case "string":
    case "integer":
    case "boolean":
    case "time":
      return value;
  }
}

/** The resource's form of a wire value of `type`. */
function valueFromWire(type: FieldType, wire: unknown): unknown {
  switch (type.kind) {
    case "enum": {
      const entry = Object.entries(type.wireValues ?? {}).find(([, named]) => named === wire);
      return entry === undefined ? wire : entry[0];
    }
    case "object":
      return isPlainObject(wire) ? objectFromWire(type.fields, wire) : wire;
    case "list":
      return Array.isArray(wire) ? wire.map((item) => valueFromWire(type.items, item)) : wire;
    case "string":
    case "integer":
    case "boolean":
    case "time":
      return wire;
  }
}

/** The API object for `value`: every row with a wire name and a value, in its wire form. */
export function objectToWire(
  table: AnyFieldTable,
  value: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(table)) {
    if (spec.wire === undefined || value[field] === undefined) continue;
    wire[spec.wire] = valueToWire(spec.type, value[field]);
  }
  return wire;
}

/**
 * The resource's form of an API object: every row with a wire name. One rule for what the service
 * leaves out: the row's `missing` value, else nothing.
 */
export function objectFromWire(
  table: AnyFieldTable,
  wire: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(table)) {
    if (spec.wire === undefined) continue;
    const raw = wire[spec.wire];
    value[field] = raw === undefined ? spec.missing : valueFromWire(spec.type, raw);
  }
  return withoutUndefined(value);
}

/** `state` restricted to the rows the program declared, so a refresh compares like with like. */
export function declaredFields(
  table: AnyFieldTable,
  state: Readonly<Record<string, unknown>>,
  declared: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const field of Object.keys(table)) {
    if (declared[field] !== undefined) inputs[field] = state[field];
  }
  return withoutUndefined(inputs);
}

/**
 * Checks `value` (at `property`) against `table`: unknown keys, required fields, bounds, nested
 * objects and lists, and each object's own rules. Returns the value with times normalised to
 * unix-seconds strings, so the state and every later diff compare like with like.
 */
export function checkFields(
  checker: InputChecker,
  property: string,
  table: AnyFieldTable,
  value: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  checker.noUnknownKeys(property, value, Object.keys(table));
  const normalised: Record<string, unknown> = { ...value };
  for (const [field, spec] of Object.entries(table)) {
    const where = property === "" ? field : `${property}.${field}`;
    normalised[field] = checkValue(checker, where, spec.type, value[field], spec.required);
  }
  return withoutUndefined(normalised);
}

/** Checks one value of `type`; returns it normalised (see {@link checkFields}). */
export function checkValue(
  checker: InputChecker,
  property: string,
  type: FieldType,
  value: unknown,
  required = false,
): unknown {
  if (value === undefined) {
    if (required) checker.fail(property, "is required");
    return value;
  }
  if (value === UNKNOWN_VALUE) return value;
  switch (type.kind) {
    case "string":
      checker.string(property, value, {
        minLength: type.minLength ?? 0,
        ...(type.maxLength === undefined ? {} : { maxLength: type.maxLength }),
      });
      return value;
    case "integer":
      checker.integer(property, value, { min: type.minimum, max: type.maximum });
      return value;
    case "boolean":
      checker.boolean(property, value);
      return value;
    case "enum":
      checker.oneOf(property, value, type.values);
      return value;
    case "time": {
      const seconds = toUnixSecondsString(value);
      if (seconds !== undefined) return seconds;
      checker.fail(
        property,
        `must be unix seconds or an ISO 8601 date-time with a zone (e.g. 2026-12-01T09:00:00+08:00), got ${JSON.stringify(value)}`,
      );
      return value;
    }
    case "list":
      return (
        checker
          .array(property, value)
          ?.map((item, index) =>
            checkValue(checker, `${property}[${index}]`, type.items, item, true),
          ) ?? value
      );
    case "object": {
      const object = checker.object(property, value);
      if (object === undefined) return value;
      const normalised = checkFields(checker, property, type.fields, object);
      for (const problem of type.rules?.(normalised) ?? []) {
        checker.fail(`${property}.${problem.field}`, problem.message);
      }
      return normalised;
    }
  }
}

/** Field types, spelled the way a table reads best. */
export const types = {
  text: (bounds: { minLength?: number; maxLength?: number } = {}): FieldType => ({
    kind: "string",
    ...bounds,
  }),
  integer: (minimum: number, maximum: number): FieldType => ({ kind: "integer", minimum, maximum }),
  flag: { kind: "boolean" } as FieldType,
  oneOf: (
    values: readonly (string | number)[],
    wireValues?: Readonly<Record<string, string | number>>,
  ): FieldType => ({ kind: "enum", values, ...(wireValues === undefined ? {} : { wireValues }) }),
  time: { kind: "time" } as FieldType,
  object: (
    fields: AnyFieldTable,
    rules?: (value: Readonly<Record<string, unknown>>) => readonly FieldProblem[],
  ): FieldType => ({ kind: "object", fields, ...(rules === undefined ? {} : { rules }) }),
  list: (items: FieldType): FieldType => ({ kind: "list", items }),
} as const;

/**
 * The provider-only settings (rows without a wire name) as the program declared them: the
 * service does not store them, so the state keeps the declared values.
 */
export function providerSettings(
  table: AnyFieldTable,
  declared: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(table)) {
    if (spec.wire === undefined) settings[field] = declared[field];
  }
  return withoutUndefined(settings);
}

/** True when one of `fields` is sent to the service (a change of it needs a write). */
export function touchesWire(table: AnyFieldTable, fields: readonly string[]): boolean {
  return fields.some((field) => table[field]?.wire !== undefined);
}
