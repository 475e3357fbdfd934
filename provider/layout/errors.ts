import { FeishuVcError, isFeishuVcError } from "../resources/errors";
import type { LayoutIssue } from "./types";

/** `file:line:col path: message`, the one format of every layout problem. */
export function formatIssue(issue: LayoutIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`;
}

/**
 * Bad local input: every problem of a layout file at once, one per line. Thrown before any client
 * exists, so a bad layout never reaches the tenant (style notes L5). Branded like every error of
 * the package, so `isFeishuVcError` recognises it.
 */
export class LayoutError extends FeishuVcError {
  constructor(readonly issues: readonly LayoutIssue[]) {
    super(
      `[feishu-vc] the layout has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n` +
        issues.map((issue) => `  ${formatIssue(issue)}`).join("\n"),
    );
  }
}

export function isLayoutError(error: unknown): error is LayoutError {
  return (
    isFeishuVcError(error) &&
    error.name === "LayoutError" &&
    Array.isArray((error as LayoutError).issues)
  );
}
