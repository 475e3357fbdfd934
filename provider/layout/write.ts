/**
 * Writes a layout as YAML, with the editor hint that points at the schema, so that a generated
 * file (e.g. from `feishu-vc export`) is completed and checked like a hand-written one.
 */
import * as path from "node:path";
import { stringify } from "yaml";
import { LAYOUT_SCHEMA_FILE } from "./schema";
import type { Layout } from "./types";

export interface WriteLayoutOptions {
  /** Where the file will live, so the schema hint can be relative to it. */
  file?: string;
  /** Comment lines put under the schema hint. */
  header?: readonly string[];
}

export function layoutToYaml(layout: Layout, options: WriteLayoutOptions = {}): string {
  const schema =
    options.file === undefined
      ? LAYOUT_SCHEMA_FILE
      : path.relative(path.dirname(path.resolve(options.file)), LAYOUT_SCHEMA_FILE);
  const lines = [
    `# yaml-language-server: $schema=${schema.split(path.sep).join("/")}`,
    ...(options.header ?? []).map((line) => `# ${line}`),
  ];
  // lineWidth 0: never fold long names or URLs, so a diff of the file shows one field per line.
  return `${lines.join("\n")}\n${stringify(layout, { lineWidth: 0 })}`;
}
