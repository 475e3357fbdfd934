/** Reservation endpoints (reference 3.1) over the tenant's {@link ReservationStore}. */
import { dataNotExist } from "../errors";
import { READ_WINDOWS } from "../rate-limit";
import { userIdTypeOf } from "../store/users";
import { bodyOf, queryBoolean, route, type Route } from "./route";

/** Reference 3.1: every reservation endpoint is 1000/min & 50/s; these three change state. */
const WRITE = { write: true, windows: READ_WINDOWS } as const;

export const RESERVATION_ROUTES: Route[] = [
  route(
    "POST /open-apis/vc/v1/reserves/apply",
    WRITE,
    (ctx) => ctx.tenant.reservations.apply(bodyOf(ctx), ctx.caller, userIdTypeOf(ctx.query)),
    "tenant-or-user",
  ),
  route(
    "PUT /open-apis/vc/v1/reserves/:reserve_id",
    WRITE,
    (ctx) =>
      ctx.tenant.reservations.update(
        ctx.params.reserve_id!,
        bodyOf(ctx),
        ctx.caller,
        userIdTypeOf(ctx.query),
      ),
    "tenant-or-user",
  ),
  route(
    "DELETE /open-apis/vc/v1/reserves/:reserve_id",
    WRITE,
    (ctx) => {
      ctx.tenant.reservations.delete(ctx.params.reserve_id!, ctx.caller);
      return {};
    },
    "tenant-or-user",
  ),
  route(
    "GET /open-apis/vc/v1/reserves/:reserve_id",
    "read",
    (ctx) =>
      ctx.tenant.reservations.get(ctx.params.reserve_id!, ctx.caller, userIdTypeOf(ctx.query)),
    "tenant-or-user",
  ),
  route(
    "GET /open-apis/vc/v1/reserves/:reserve_id/get_active_meeting",
    "read",
    (ctx) => {
      const idType = userIdTypeOf(ctx.query);
      const withParticipants = queryBoolean(ctx.query, "with_participants");
      const reservation = ctx.tenant.reservations.readable(ctx.params.reserve_id!, ctx.caller);
      const meeting = ctx.tenant.meetings.liveFor(reservation.id);
      // The reference gives no code for "no live meeting"; 404/121004 is the page's not-found code.
      if (meeting === undefined) throw dataNotExist();
      return ctx.tenant.meetings.view(meeting, idType, withParticipants, false);
    },
    "tenant-or-user",
  ),
];
