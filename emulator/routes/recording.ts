/** Recording endpoints (reference 3.3) over the tenant's {@link RecordingStore}. */
import { READ_WINDOWS, WRITE_WINDOWS } from "../rate-limit";

/**
 * Reference 3.3: recording start/stop are "special" (unpublished); the emulator takes the VC write
 * tier, 20 per minute, the strictest budget any VC family documents.
 */
const SPECIAL_RECORDING_WINDOWS = WRITE_WINDOWS;
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
    { write: true, windows: READ_WINDOWS },
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
