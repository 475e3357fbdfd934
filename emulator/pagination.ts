/**
 * `page_size` / `page_token` / `has_more` (reference 1.7). Reference section 4 item 22: tokens
 * are opaque base64 and a garbage token is rejected with 121003.
 */
import { fieldInvalid, paramError } from "./errors";
import { queryInteger, type Json, type JsonObject } from "./validate";

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

export interface PageResult<T> {
  items: T[];
  hasMore: boolean;
  pageToken?: string;
}

const encode = (list: string, offset: number): string =>
  Buffer.from(JSON.stringify({ l: list, o: offset })).toString("base64url");

function decode(token: string, list: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      l?: unknown;
      o?: unknown;
    };
    if (
      parsed.l === list &&
      typeof parsed.o === "number" &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0
    )
      return parsed.o;
  } catch {
    // fall through
  }
  throw paramError("invalid page_token");
}

/** Reads `page_size` (1–100, default 10) and `page_token` from a query. */
export function pageRequest(
  query: URLSearchParams,
  max = 100,
  fallback = 10,
): Required<Pick<PageRequest, "pageSize">> & PageRequest {
  const size = queryInteger(query, "page_size");
  if (size !== undefined && (size < 1 || size > max))
    throw fieldInvalid("page_size", `must be between 1 and ${max}`, String(size));
  const token = query.get("page_token");
  return {
    pageSize: size ?? fallback,
    ...(token === null || token === "" ? {} : { pageToken: token }),
  };
}

/** One page of `items`; `list` names the listing so a token from another list is refused. */
export function page<T>(
  items: T[],
  request: PageRequest & { pageSize: number },
  list: string,
): PageResult<T> {
  const offset = request.pageToken === undefined ? 0 : decode(request.pageToken, list);
  const slice = items.slice(offset, offset + request.pageSize);
  const next = offset + slice.length;
  const hasMore = next < items.length;
  // page_token only while has_more (reference 1.7).
  return { items: slice, hasMore, ...(hasMore ? { pageToken: encode(list, next) } : {}) };
}

/** A page in the wire shape: the array under `arrayKey` (`items`, or `rooms` for room lists). */
export function pageBody(arrayKey: string, result: PageResult<Json>): JsonObject {
  return {
    [arrayKey]: result.items,
    has_more: result.hasMore,
    ...(result.pageToken === undefined ? {} : { page_token: result.pageToken }),
  };
}
