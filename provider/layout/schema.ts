/**
 * The layout JSON Schema (schemas/layout.schema.json), compiled once with ajv (draft 2020-12,
 * all errors, formats from ajv-formats).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { LayoutError } from "./errors";

/** The schema file, shipped with the package (package.json `files`). */
export const LAYOUT_SCHEMA_FILE = path.resolve(
  __dirname,
  "..",
  "..",
  "..",
  "schemas",
  "layout.schema.json",
);

let compiled: ValidateFunction | undefined;

function schemaFile(): string {
  // dist/provider/layout -> repo root, or provider/layout when run from source (tests).
  const candidates = [
    LAYOUT_SCHEMA_FILE,
    path.resolve(__dirname, "..", "..", "schemas", "layout.schema.json"),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (found === undefined) {
    // A broken install, not a bad layout; still a LayoutError, since no layout can be checked.
    throw new LayoutError([
      {
        file: LAYOUT_SCHEMA_FILE,
        line: 1,
        column: 1,
        path: "",
        message: `the layout schema is missing from the package (looked in ${candidates.join(", ")})`,
      },
    ]);
  }
  return found;
}

export function layoutValidator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv, ["uri"]);
  compiled = ajv.compile(JSON.parse(fs.readFileSync(schemaFile(), "utf8")) as object);
  return compiled;
}

export type SchemaError = ErrorObject;
