import * as fs from "node:fs";
import * as path from "node:path";
import { LayoutError } from "./errors";
import type { LoadedLayout } from "./types";
import { validateLayoutText } from "./validate";

/** Reads and validates a layout file; throws a LayoutError listing every problem. */
export function loadLayout(file: string): LoadedLayout {
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new LayoutError([
      { file: shown, line: 1, column: 1, path: "", message: `cannot read the layout: ${reason}` },
    ]);
  }
  const result = validateLayoutText(text, shown);
  if (result.layout === undefined) throw new LayoutError(result.issues);
  return { ...result.layout, file: shown };
}
