/**
 * YAML text -> one Document, refusing hostile shapes before anything walks the data: control
 * characters, nesting too deep for a recursive walk, more nodes than a layout needs (alias bombs
 * included), recursive or dangling aliases, custom tags, several documents, duplicate keys, and
 * text values no name or description should hold. Syntax errors the yaml library reports at the
 * end of the file (an unclosed quote or bracket) are moved to where the quote or bracket opens.
 * Every problem is a `LayoutIssue` with line and column; nothing here throws on any input.
 */
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type CST,
  type Document,
  type Node,
} from "yaml";
import type { LayoutIssue } from "./types";

/**
 * Deepest nesting of YAML collections accepted. Ten nested levels with rooms and configuration
 * need about 30; the yaml library's recursive composer overflows the stack near 800.
 */
const MAX_YAML_DEPTH = 64;

/**
 * Most YAML nodes a layout may hold, counting each alias as the nodes it stands for (so an alias
 * bomb is refused before it is expanded). A 10,000-room campus has about 150,000.
 */
export const MAX_YAML_NODES = 1_000_000;
const LIMIT = MAX_YAML_NODES.toLocaleString("en-US");

/** Tags that only restate what plain YAML already means. Any other tag is refused. */
const PLAIN_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

/**
 * C0 controls other than tab, line feed and carriage return, DEL, and C1 controls (what text in
 * an 8-bit code page misread as another often turns into). YAML forbids them in a stream.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** In values (written as escapes such as "\a"): the same, plus carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_VALUE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** Names are one line: no tab or line break either. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_NAME = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

function describeControl(char: string): string {
  const code = char.codePointAt(0)!;
  if (code === 0) return "a NUL byte (is this a binary or UTF-16 file?)";
  const names: Record<number, string> = { 9: "a tab", 10: "a line break", 13: "a carriage return" };
  return names[code] ?? `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

type Segment = string | number;

export interface ParsedLayout {
  doc?: Document;
  lines: LineCounter;
  issues: LayoutIssue[];
}

const formatPath = (segments: readonly Segment[]): string =>
  segments.reduce<string>(
    (out, s) => (typeof s === "number" ? `${out}[${s}]` : out === "" ? s : `${out}.${s}`),
    "",
  );

/** Parses layout text into exactly one Document, or issues explaining why not. */
export function parseLayoutYaml(text: string, file: string): ParsedLayout {
  const lines = new LineCounter();
  const at = (offset: number, message: string, path: readonly Segment[] = []): LayoutIssue => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, path: formatPath(path), message };
  };
  try {
    return parseChecked(text, lines, at);
  } catch (error) {
    // Defence in depth: every known shape is handled above; an unknown one is still one line.
    const reason = error instanceof Error ? error.message : String(error);
    return { lines, issues: [at(0, `YAML: cannot parse the layout (${reason.split("\n")[0]})`)] };
  }
}

type At = (offset: number, message: string, path?: readonly Segment[]) => LayoutIssue;

function parseChecked(text: string, lines: LineCounter, at: At): ParsedLayout {
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const control = CONTROL_CHARACTER.exec(text);
  if (control !== null)
    return {
      lines,
      issues: [at(control.index, `${describeControl(control[0])}; a layout is plain UTF-8 text`)],
    };
  const shape = cstShape(tokens);
  if (shape.tooDeep !== undefined)
    return {
      lines,
      issues: [
        at(
          shape.tooDeep,
          `YAML nests deeper than ${MAX_YAML_DEPTH} collections; a layout needs far fewer`,
        ),
      ],
    };
  const docs = Array.from(
    new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, text.length),
  );
  const doc = docs[0];
  if (doc === undefined)
    return {
      lines,
      issues: [at(0, "the layout is empty; it must be a mapping with `version` and `levels`")],
    };
  const issues: LayoutIssue[] = [];
  // YAML 1.1 reads `no` as false and dates as Date objects: a room named No would be a boolean.
  if (doc.directives?.yaml.version !== undefined && doc.directives.yaml.version !== "1.2")
    issues.push(
      at(
        Math.max(0, text.indexOf("%YAML")),
        `\`%YAML ${doc.directives.yaml.version}\` is not supported: a layout is YAML 1.2 (remove the directive)`,
      ),
    );
  const second = docs[1];
  if (second !== undefined)
    issues.push(
      at(
        second.range[0],
        "a layout is one YAML document; a second one starts here (remove the `---` line)",
      ),
    );
  let unclosedAt: number | undefined;
  for (const error of [...doc.errors, ...doc.warnings]) {
    // Tags and several documents are reported above or by the walk, with a clearer message.
    if (error.code === "TAG_RESOLVE_FAILED" || error.code === "MULTIPLE_DOCS") continue;
    const { issue, unclosed } = syntaxIssue(error.code, error.message, error.pos[0], shape, at);
    if (unclosed !== undefined) unclosedAt = Math.min(unclosedAt ?? unclosed, unclosed);
    issues.push(issue);
  }
  if (unclosedAt !== undefined) {
    // What follows an unclosed quote or bracket is read as part of it: those errors are echoes.
    const first = at(unclosedAt, "");
    const echoes = (i: LayoutIssue): boolean =>
      i.line > first.line || (i.line === first.line && i.column > first.column);
    issues.splice(0, issues.length, ...issues.filter((i) => !echoes(i)));
  }
  if (issues.length === 0) issues.push(...walkDocument(doc, at));
  const unique = new Map(issues.map((i) => [`${i.line}:${i.column} ${i.message}`, i]));
  return { doc, lines, issues: [...unique.values()] };
}

interface CstShape {
  /** Offset of the first collection nested deeper than MAX_YAML_DEPTH. */
  tooDeep?: number;
  /** Offsets of quoted scalars: [start, end). */
  quoted: Array<[number, number]>;
  /** Offsets of flow collections (`[`, `{`) that have no closing bracket. */
  unclosedFlows: Array<{ offset: number; bracket: string }>;
}

/** One iterative pass over the parser's tokens (the parser itself keeps an explicit stack). */
function cstShape(tokens: readonly CST.Token[]): CstShape {
  const shape: CstShape = { quoted: [], unclosedFlows: [] };
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = tokens.map((token) => ({
    token,
    depth: 0,
  }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === "document") {
      stack.push({ token: token.value, depth });
    } else if (
      token.type === "block-map" ||
      token.type === "block-seq" ||
      token.type === "flow-collection"
    ) {
      if (depth + 1 > MAX_YAML_DEPTH) {
        shape.tooDeep = Math.min(shape.tooDeep ?? token.offset, token.offset);
        continue;
      }
      if (token.type === "flow-collection") {
        const closer = token.start.source === "[" ? "flow-seq-end" : "flow-map-end";
        if (!token.end.some((t) => t.type === closer))
          shape.unclosedFlows.push({ offset: token.start.offset, bracket: token.start.source });
      }
      for (const item of token.items) {
        if ("key" in item && item.key !== undefined && item.key !== null)
          stack.push({ token: item.key, depth: depth + 1 });
        if (item.value !== undefined) stack.push({ token: item.value, depth: depth + 1 });
      }
    } else if (token.type === "double-quoted-scalar" || token.type === "single-quoted-scalar") {
      shape.quoted.push([token.offset, token.offset + token.source.length]);
    }
  }
  return shape;
}

/** A yaml syntax error, moved to the opening quote or bracket when that is the cause. */
function syntaxIssue(
  code: string,
  rawMessage: string,
  offset: number,
  shape: CstShape,
  at: At,
): { issue: LayoutIssue; unclosed?: number } {
  const message = rawMessage.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (code === "MISSING_CHAR" && /quote/.test(message)) {
    const opening = shape.quoted.find(([start, end]) => start <= offset && offset <= end);
    if (opening !== undefined)
      return {
        issue: at(opening[0], "YAML: this quoted string is never closed (no closing quote)"),
        unclosed: opening[0],
      };
  }
  if (/flow (sequence|map|collection)|end with [\]}]/i.test(message)) {
    const opening = shape.unclosedFlows
      .filter((flow) => flow.offset <= offset)
      .sort((a, b) => b.offset - a.offset)[0];
    if (opening !== undefined)
      return {
        issue: at(opening.offset, `YAML: this \`${opening.bracket}\` is never closed`),
        unclosed: opening.offset,
      };
  }
  return { issue: at(offset, `YAML: ${message}`) };
}

/**
 * Walks the composed document once (its depth is bounded by MAX_YAML_DEPTH, so recursion is
 * safe): counts nodes with aliases expanded, refuses recursive and dangling aliases, custom tags,
 * duplicate and non-scalar keys, and control characters or blank text in values.
 */
function walkDocument(doc: Document, at: At): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  /** Expanded size of each finished node, so an alias costs what it stands for. */
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let total = 0;
  let exhausted = false;

  const count = (n: number, offset: number, viaAlias: boolean): void => {
    total += n;
    if (total > MAX_YAML_NODES && !exhausted) {
      exhausted = true;
      issues.push(
        at(
          offset,
          viaAlias
            ? `aliases expand the layout past ${LIMIT} YAML nodes (an alias bomb?); at most ${LIMIT} are allowed`
            : `the layout has more than ${LIMIT} YAML nodes; at most ${LIMIT} are allowed`,
        ),
      );
    }
  };

  const tagOf = (node: Node, path: readonly Segment[]): void => {
    const tag = node.tag;
    if (tag === undefined || PLAIN_TAGS.has(tag)) return;
    const written = tag.replace(/^tag:yaml\.org,2002:/, "!!");
    issues.push(
      at(
        node.range?.[0] ?? 0,
        `tag \`${written}\` is not allowed: a layout holds only plain strings, numbers, booleans, lists and mappings`,
        path,
      ),
    );
  };

  const text = (value: string, offset: number, path: readonly Segment[]): void => {
    const field = path.at(-1);
    const rule = field === "name" ? CONTROL_IN_NAME : CONTROL_IN_VALUE;
    const bad = rule.exec(value);
    if (bad !== null)
      issues.push(
        at(
          offset,
          `must not contain ${describeControl(bad[0])}${field === "name" ? " (a name is one line of text)" : ""}`,
          path,
        ),
      );
    else if (field === "name" && value.length > 0 && value.trim() === "")
      issues.push(at(offset, "must not be only whitespace", path));
  };

  const walk = (node: Node | null, path: Segment[]): number => {
    if (node === null || exhausted) return 0;
    const offset = node.range?.[0] ?? 0;
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (target === undefined) {
        issues.push(
          at(offset, `alias *${node.source} has no anchor &${node.source} before it`, path),
        );
        return 1;
      }
      if (open.has(target)) {
        issues.push(
          at(offset, `alias *${node.source} is inside the node it names (a recursive alias)`, path),
        );
        return 1;
      }
      const size = sizes.get(target) ?? 1;
      count(size, offset, true);
      return size;
    }
    tagOf(node, path);
    count(1, offset, false);
    let size = 1;
    open.add(node);
    if (isScalar(node)) {
      if (typeof node.value === "string") text(node.value, offset, path);
    } else if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        let name: string;
        if (isScalar(key) && (typeof key.value === "string" || typeof key.value === "number")) {
          name = String(key.value);
          tagOf(key, path);
          size += 1;
          count(1, key.range?.[0] ?? offset, false);
        } else {
          issues.push(
            at(
              key?.range?.[0] ?? offset,
              "a mapping key must be a plain string (no lists, mappings or aliases as keys)",
              path,
            ),
          );
          continue;
        }
        const keyOffset = key.range?.[0] ?? offset;
        const first = seen.get(name);
        if (first !== undefined) {
          const firstLine = at(first, "").line;
          issues.push(
            at(keyOffset, `duplicate key "${name}" (first at line ${firstLine})`, [...path, name]),
          );
        } else seen.set(name, keyOffset);
        // One path array for the whole walk: pushed and popped, copied only into an issue.
        path.push(name);
        size += walk(pair.value as Node | null, path);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        size += walk(item as Node | null, path);
        path.pop();
      });
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  walk(doc.contents, []);
  return issues;
}
