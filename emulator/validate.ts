/**
 * Request-shape checks shared by the handlers. Wrong types and missing required fields are the
 * gateway's 99992402; values of the right type but outside a business bound are VC's 121003
 * (reference section 4 items 6 and 7).
 */
import { fieldInvalid, paramError } from "./errors";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function requireObject(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw fieldInvalid(field, "must be an object", value);
  return value;
}

export function requiredString(body: JsonObject, field: string, prefix = ""): string {
  const value = body[field];
  if (value === undefined || value === null) throw fieldInvalid(prefix + field, "is required");
  if (typeof value !== "string") throw fieldInvalid(prefix + field, "must be a string", value);
  return value;
}

export function optionalString(body: JsonObject, field: string, prefix = ""): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw fieldInvalid(prefix + field, "must be a string", value);
  return value;
}

export function optionalBoolean(body: JsonObject, field: string, prefix = ""): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw fieldInvalid(prefix + field, "must be a boolean", value);
  return value;
}

export function optionalInteger(body: JsonObject, field: string, prefix = ""): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value))
    throw fieldInvalid(prefix + field, "must be an integer", value);
  return value;
}

export function optionalStringArray(
  body: JsonObject,
  field: string,
  prefix = "",
): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw fieldInvalid(prefix + field, "must be a list of strings", value);
  }
  return value as string[];
}

/** A business bound on a string's length (121003 beyond it). */
export function checkLength(
  value: string | undefined,
  field: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (value.length < min || value.length > max) {
    throw paramError(`${field} length must be between ${min} and ${max}`);
  }
}

/** A business bound on a number (121003 beyond it). */
export function checkRange(
  value: number | undefined,
  field: string,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (value < min || value > max) throw paramError(`${field} must be between ${min} and ${max}`);
}

/** Query values arrive as strings; integers in the query are parsed here. */
export function queryInteger(query: URLSearchParams, field: string): number | undefined {
  const raw = query.get(field);
  if (raw === null || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw)) throw fieldInvalid(field, "must be an integer", raw);
  return Number(raw);
}

/** `user_id_type`: documented as 0–10 characters, one of three values (reference 1.6). */
export function checkUserIdType(query: URLSearchParams): void {
  const value = query.get("user_id_type");
  if (value === null || value === "") return;
  if (value.length > 10 || !["open_id", "union_id", "user_id"].includes(value)) {
    throw fieldInvalid("user_id_type", "must be one of open_id, union_id, user_id", value);
  }
}
