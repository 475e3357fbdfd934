import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { UNKNOWN_VALUE, isPlainObject } from "./values";

/**
 * Collects `check` failures with the dotted path of the offending property
 * (`status.disableEndTime`), so the engine's message names the resource and the field.
 * Values still unknown at preview time are skipped: they are checked again on `up`.
 */
export class InputChecker {
  readonly failures: CheckFailure[] = [];

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** True when the value can be checked now (present and known). */
  private known(value: unknown): boolean {
    return value !== undefined && value !== UNKNOWN_VALUE;
  }

  string(
    property: string,
    value: unknown,
    rule: { required?: boolean; minLength?: number; maxLength?: number },
  ): void {
    if (value === undefined) {
      if (rule.required) this.fail(property, "is required");
      return;
    }
    if (!this.known(value)) return;
    if (typeof value !== "string") {
      this.fail(property, `must be a string, got ${describe(value)}`);
      return;
    }
    const min = rule.minLength ?? (rule.required ? 1 : 0);
    if (value.length < min)
      this.fail(property, min === 1 ? "must not be empty" : `must have at least ${min} characters`);
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      this.fail(property, `must have at most ${rule.maxLength} characters, got ${value.length}`);
    }
  }

  integer(
    property: string,
    value: unknown,
    rule: { required?: boolean; min: number; max: number },
  ): void {
    if (value === undefined) {
      if (rule.required) this.fail(property, "is required");
      return;
    }
    if (!this.known(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(property, `must be an integer, got ${describe(value)}`);
      return;
    }
    if (value < rule.min || value > rule.max) {
      this.fail(property, `must be between ${rule.min} and ${rule.max}, got ${value}`);
    }
  }

  boolean(property: string, value: unknown, rule: { required?: boolean } = {}): void {
    if (value === undefined) {
      if (rule.required) this.fail(property, "is required");
      return;
    }
    if (this.known(value) && typeof value !== "boolean") {
      this.fail(property, `must be true or false, got ${describe(value)}`);
    }
  }

  oneOf(
    property: string,
    value: unknown,
    allowed: readonly unknown[],
    rule: { required?: boolean } = {},
  ): void {
    if (value === undefined) {
      if (rule.required) this.fail(property, "is required");
      return;
    }
    if (this.known(value) && !allowed.includes(value)) {
      this.fail(
        property,
        `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`,
      );
    }
  }

  /** Returns the items when `value` is a known array, after reporting a non-array. */
  array(property: string, value: unknown): readonly unknown[] | undefined {
    if (!this.known(value)) return undefined;
    if (!Array.isArray(value)) {
      this.fail(property, `must be a list, got ${describe(value)}`);
      return undefined;
    }
    return value as unknown[];
  }

  /** Returns the object when `value` is a known object, after reporting anything else. */
  object(property: string, value: unknown): Record<string, unknown> | undefined {
    if (!this.known(value)) return undefined;
    if (!isPlainObject(value)) {
      this.fail(property, `must be an object, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** Reports properties the resource does not know, so a typo is not silently ignored. */
  noUnknownKeys(property: string, value: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const where = property ? `${property}.${key}` : key;
        this.fail(where, `is not a known property (known: ${known.join(", ")})`);
      }
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
