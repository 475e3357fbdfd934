/** Recording endpoints (reference 3.3) over the tenant's {@link RecordingStore}. */
import { SPECIAL_RECORDING_WINDOWS, TIER4_WINDOWS } from "../rate-limit";
import { userIdTypeOf } from "../store/users";
import { bodyOf, route, userCaller, type Route } from "./route";

export const RECORDING_ROUTES: Route[] = [
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/start",
    { write: true, windows: SPECIAL_RECORDING_WINDOWS },
    (ctx) => {
      ctx.tenant.recording.start(ctx.params.meeting_id!, bodyOf(ctx), userCaller(ctx));
      return {};
    },
    "user",
  ),
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/stop",
    { write: true, windows: SPECIAL_RECORDING_WINDOWS },
    (ctx) => {
      ctx.tenant.recording.stop(ctx.params.meeting_id!, userCaller(ctx));
      return {};
    },
    "user",
  ),
  route(
    "GET /open-apis/vc/v1/meetings/:meeting_id/recording",
    "read",
    (ctx) => ctx.tenant.recording.get(ctx.params.meeting_id!, ctx.caller),
    "tenant-or-user",
  ),
  route(
    "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/set_permission",
    { write: true, windows: TIER4_WINDOWS },
    (ctx) => {
      ctx.tenant.recording.setPermission(
        ctx.params.meeting_id!,
        bodyOf(ctx),
        userCaller(ctx),
        userIdTypeOf(ctx.query),
      );
      return {};
    },
    "user",
  ),
];
