/**
 * Walks `page_token` to the end (reference 1.7): `page_token` comes only while `has_more` is true
 * and is opaque. A service that says "more" without a new token would loop forever; that is
 * reported as a malformed answer instead.
 */
import { TransportError } from "./errors";

/** One page as the list endpoints return it. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  pageToken?: string;
}

export async function* paginate<T>(
  endpoint: string,
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    yield* page.items;
    if (!page.hasMore) return;
    if (page.pageToken === undefined || page.pageToken === "" || seen.has(page.pageToken)) {
      throw new TransportError(
        endpoint,
        "list",
        "malformed-response",
        "has_more without a new page_token",
        false,
      );
    }
    seen.add(page.pageToken);
    token = page.pageToken;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
