/** Meeting endpoints (reference 3.2) over the tenant's {@link MeetingStore}. */
import { fieldInvalid, paramError } from "../errors";
import { page, pageBody, pageRequest } from "../pagination";
import { HUNDRED_PER_MINUTE, READ_WINDOWS } from "../rate-limit";
import { MEETING_WINDOW_MS } from "../store/meetings";
import { userIdTypeOf } from "../store/users";
import { bodyOf, queryBoolean, route, userCaller, type Route } from "./route";

/** Reference 3.2: 1000/min & 50/s, for the endpoints that change a meeting. */
const WRITE = { write: true, windows: READ_WINDOWS } as const;

/** A required unix-seconds query parameter. */
function querySeconds(query: URLSearchParams, field: string): number {
  const raw = query.get(field);
  if (raw === null || raw === "") throw fieldInvalid(field, "is required");
  if (!/^\d{1,12}$/.test(raw)) throw paramError(`${field} must be unix seconds`);
  return Number(raw);
}

export const MEETING_ROUTES: Route[] = [
  route(
    "GET /open-apis/vc/v1/meetings/list_by_no",
    { write: false, windows: HUNDRED_PER_MINUTE },
    (ctx) => {
      const meetingNo = ctx.query.get("meeting_no");
      if (meetingNo === null || meetingNo === "") throw fieldInvalid("meeting_no", "is required");
      if (!/^\d{9}$/.test(meetingNo)) throw paramError("meeting_no must be 9 digits");
      const start = querySeconds(ctx.query, "start_time");
      const end = querySeconds(ctx.query, "end_time");
      if (end < start) throw paramError("end_time must not be before start_time");
      // Reference 3.2: the window must lie within the last 90 days.
      if (start * 1000 < ctx.tenant.now() - MEETING_WINDOW_MS)
        throw paramError("start_time must be within the last 90 days");
      const request = pageRequest(ctx.query, 50, 20);
      const briefs = ctx.tenant.meetings.listByNo(meetingNo, start, end, ctx.caller);
      const list = `meetings:${meetingNo}:${start}:${end}`;
      return pageBody("meeting_briefs", page(briefs, request, list));
    },
    "tenant-or-user",
  ),
  route(
    "GET /open-apis/vc/v1/meetings/:meeting_id",
    "read",
    (ctx) =>
      ctx.tenant.meetings.get(
        ctx.params.meeting_id!,
        ctx.caller,
        userIdTypeOf(ctx.query),
        queryBoolean(ctx.query, "with_participants"),
        queryBoolean(ctx.query, "with_meeting_ability"),
      ),
    "tenant-or-user",
  ),
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/invite",
    WRITE,
    (ctx) =>
      ctx.tenant.meetings.invite(
        ctx.params.meeting_id!,
        bodyOf(ctx),
        userCaller(ctx),
        userIdTypeOf(ctx.query),
      ),
    "user",
  ),
  route(
    "POST /open-apis/vc/v1/meetings/:meeting_id/kickout",
    WRITE,
    (ctx) =>
      ctx.tenant.meetings.kickout(ctx.params.meeting_id!, bodyOf(ctx), userIdTypeOf(ctx.query)),
    "tenant",
  ),
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/set_host",
    WRITE,
    (ctx) =>
      ctx.tenant.meetings.setHost(
        ctx.params.meeting_id!,
        bodyOf(ctx),
        ctx.caller,
        userIdTypeOf(ctx.query),
      ),
    "tenant-or-user",
  ),
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/end",
    WRITE,
    (ctx) => {
      ctx.tenant.meetings.end(ctx.params.meeting_id!, userCaller(ctx));
      return {};
    },
    "user",
  ),
];
