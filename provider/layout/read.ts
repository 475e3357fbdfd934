/**
 * Reading a layout file into text, refusing what is not a UTF-8 text file of sane size: a
 * directory, a device or FIFO, a file that cannot be read, a file too large, bytes that are not
 * UTF-8 (Latin-1, UTF-16...). Each refusal is one
 * `file:line:col` issue, so nothing mangled ever reaches the tenant.
 */
import * as fs from "node:fs";
import type { LayoutIssue } from "./types";

/** Largest layout file accepted, in bytes. A 10,000-room campus is about 1 MiB. */
export const MAX_LAYOUT_BYTES = 4 * 1024 * 1024;

export type TextResult = { text: string; issues: [] } | { text?: undefined; issues: LayoutIssue[] };

const issueAt = (file: string, line: number, column: number, message: string): LayoutIssue => ({
  file,
  line,
  column,
  path: "",
  message,
});

const UNREADABLE: Record<string, string> = {
  ENOENT: "file not found",
  EACCES: "permission denied (check the file's owner and mode)",
  EPERM: "permission denied (check the file's owner and mode)",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
};

function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code === undefined ? undefined : UNREADABLE[code]) ??
    code ??
    (error instanceof Error ? error.message : String(error))
  );
}

/** Reads `file` (shown as `shown` in issues) and decodes it as UTF-8 layout text. */
export function readLayoutText(file: string, shown: string): TextResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return { issues: [issueAt(shown, 1, 1, `cannot read the layout: ${whyUnreadable(error)}`)] };
  }
  if (stat.isDirectory())
    return {
      issues: [
        issueAt(shown, 1, 1, "is a directory, not a layout file: give the path of the YAML file"),
      ],
    };
  if (!stat.isFile())
    return {
      issues: [
        issueAt(shown, 1, 1, "is not a regular file (a device, FIFO or socket): give a YAML file"),
      ],
    };
  if (stat.size > MAX_LAYOUT_BYTES) return { issues: [tooLarge(shown, stat.size)] };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { issues: [issueAt(shown, 1, 1, `cannot read the layout: ${whyUnreadable(error)}`)] };
  }
  // The file may have grown between stat and read.
  if (bytes.length > MAX_LAYOUT_BYTES) return { issues: [tooLarge(shown, bytes.length)] };
  return decodeLayoutBytes(bytes, shown);
}

function tooLarge(file: string, size: number): LayoutIssue {
  return issueAt(
    file,
    1,
    1,
    `the file has ${size} bytes; a layout may have at most ${MAX_LAYOUT_BYTES} (4 MiB)`,
  );
}

/** Line and column (1-based, in characters) of index `at` of `text`. */
function positionOf(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes layout bytes: UTF-8, with an optional UTF-8 byte order mark (editors on Windows write
 * one; YAML allows it). Anything else is refused where it first goes wrong.
 */
function decodeLayoutBytes(bytes: Uint8Array, file: string): TextResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return {
      issues: [
        issueAt(file, 1, 1, "the file is UTF-16; a layout must be UTF-8 (save it as UTF-8)"),
      ],
    };
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { text, issues: [] };
  } catch {
    return { issues: [notUtf8(body, file)] };
  }
}

/** Locates the first byte that is not UTF-8 and names it. */
function notUtf8(bytes: Uint8Array, file: string): LayoutIssue {
  const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let byteOffset = 0;
  let index = 0;
  for (const char of lenient) {
    const width = encoder.encode(char).length;
    const real =
      char !== "\uFFFD" ||
      (bytes[byteOffset] === 0xef &&
        bytes[byteOffset + 1] === 0xbf &&
        bytes[byteOffset + 2] === 0xbd);
    if (!real) break;
    byteOffset += width;
    index += char.length;
  }
  const at = positionOf(lenient, index);
  const byte = (bytes[byteOffset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return issueAt(
    file,
    at.line,
    at.column,
    `byte 0x${byte} is not UTF-8; a layout must be UTF-8 (was it saved as Latin-1 or another encoding?)`,
  );
}
