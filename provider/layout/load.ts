import * as path from "node:path";
import { LayoutError } from "./errors";
import { readLayoutText } from "./read";
import type { LoadedLayout } from "./types";
import { validateLayoutText, type ValidationResult } from "./validate";

/** How a layout file is named in messages: relative to the working directory when inside it. */
export function shownPath(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)) || file;
}

/**
 * Reads and validates a layout file: the file itself (a readable UTF-8 file of at most
 * MAX_LAYOUT_BYTES), its YAML, the schema and the rules. Never throws; issues name `shown`.
 */
export function validateLayoutFile(file: string, shown = shownPath(file)): ValidationResult {
  const read = readLayoutText(file, shown);
  if (read.text === undefined) return { issues: read.issues };
  return validateLayoutText(read.text, shown);
}

/** Reads and validates a layout file; throws a LayoutError listing every problem. */
export function loadLayout(file: string): LoadedLayout {
  const shown = shownPath(file);
  const result = validateLayoutFile(file, shown);
  if (result.layout === undefined) throw new LayoutError(result.issues);
  return { ...result.layout, file: shown };
}
