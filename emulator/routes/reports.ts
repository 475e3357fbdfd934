/** Report endpoints (reference 3.4), computed from the tenant's {@link HistoryStore}. */
import { fieldInvalid, paramError } from "../errors";
import type { Window } from "../rate-limit";
import { dailyReport, topUsers } from "../store/reports";
import { userIdTypeOf } from "../store/users";
import { queryInteger } from "../validate";
import { route, type RequestContext, type Route } from "./route";

/**
 * Reference 3.4 gives these endpoints a "special" (unpublished) rate; 10 per minute, the lowest
 * standard tier, is the stricter guess.
 */
const REPORT_BUDGET = {
  write: false,
  windows: [{ limit: 10, windowMs: 60_000 }] as readonly Window[],
};
const DAY = 86_400;

function querySeconds(query: URLSearchParams, field: string): number {
  const raw = query.get(field);
  if (raw === null || raw === "") throw fieldInvalid(field, "is required");
  if (!/^\d{1,12}$/.test(raw)) throw paramError(`${field} must be unix seconds`);
  return Number(raw);
}

/**
 * Reference 3.4: the window lies within the last 90 days. Stricter reading: end not before start,
 * start no older than 90 days before now, end at most a day ahead of now. `unit` (the data
 * residency) is checked and otherwise ignored: the emulated tenant lives in one unit.
 */
function reportWindow(ctx: RequestContext): { from: number; to: number } {
  const from = querySeconds(ctx.query, "start_time");
  const to = querySeconds(ctx.query, "end_time");
  const now = Math.floor(ctx.tenant.now() / 1000);
  if (to < from) throw paramError("end_time must not be before start_time");
  if (from < now - 90 * DAY) throw paramError("start_time must be within the last 90 days");
  if (to > now + DAY) throw paramError("end_time must not be in the future");
  const unit = queryInteger(ctx.query, "unit");
  if (unit !== undefined && (unit < 0 || unit > 3)) throw paramError("unit must be 0, 1, 2 or 3");
  return { from, to };
}

function requiredInteger(query: URLSearchParams, field: string): number {
  const value = queryInteger(query, field);
  if (value === undefined) throw fieldInvalid(field, "is required");
  return value;
}

export const REPORT_ROUTES: Route[] = [
  route("GET /open-apis/vc/v1/reports/get_daily", REPORT_BUDGET, (ctx) => {
    const { from, to } = reportWindow(ctx);
    return dailyReport(ctx.tenant.history.meetings(from, to), from, to);
  }),
  route("GET /open-apis/vc/v1/reports/get_top_user", REPORT_BUDGET, (ctx) => {
    const { from, to } = reportWindow(ctx);
    const idType = userIdTypeOf(ctx.query);
    const limit = requiredInteger(ctx.query, "limit");
    const orderBy = requiredInteger(ctx.query, "order_by");
    if (orderBy !== 1 && orderBy !== 2) throw paramError("order_by must be 1 or 2");
    return topUsers(ctx.tenant.history.meetings(from, to), ctx.tenant.users, {
      limit,
      orderBy: orderBy,
      idType,
    });
  }),
];
