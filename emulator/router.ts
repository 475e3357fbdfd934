/**
 * Route tables and matching, shared by the VC endpoints and the `/__emulator/` control
 * endpoints. Every route is declared by its literal key, `"METHOD /path/:param"`, the same string
 * the client, stats and fault injection use, so one `git grep` finds every side of an endpoint.
 */

/** A route as declared: its key split into method and path segments, plus whatever `T` adds. */
export interface Keyed {
  key: string;
  method: string;
  segments: string[];
}

/** Splits a `"METHOD /path"` key; a malformed key is a programming error caught at load time. */
export function parseKey(key: string): Keyed {
  const match = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(key);
  if (match === null) throw new Error(`malformed route key ${JSON.stringify(key)}`);
  return { key, method: match[1]!, segments: match[2]!.split("/").filter((s) => s !== "") };
}

/** Finds the route of a request: the best path match for the method, or why there is none. */
export function matchRoute<R extends Keyed>(
  routes: readonly R[],
  method: string,
  pathname: string,
): { route: R; params: Record<string, string> } | "no-path" | "no-method" {
  const segments = pathname.split("/").filter((s) => s !== "");
  let pathMatched = false;
  let best: { route: R; params: Record<string, string>; statics: number } | undefined;
  for (const candidate of routes) {
    if (candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let statics = 0;
    const matches = candidate.segments.every((part, i) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(segments[i]!);
        return true;
      }
      statics += 1;
      return part === segments[i];
    });
    if (!matches) continue;
    pathMatched = true;
    if (candidate.method !== method) continue;
    if (best === undefined || statics > best.statics) best = { route: candidate, params, statics };
  }
  if (best !== undefined) return { route: best.route, params: best.params };
  return pathMatched ? "no-method" : "no-path";
}
