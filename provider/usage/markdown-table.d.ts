// markdown-table@2 (the CommonJS line) ships no types: the part of its API the usage report uses.
declare module "markdown-table" {
  interface MarkdownTableOptions {
    /** Per column: "l", "r", "c" or "" (none). */
    align?: string | string[];
  }
  function markdownTable(rows: string[][], options?: MarkdownTableOptions): string;
  export = markdownTable;
}
