/** Export endpoints (reference 3.5) over the tenant's {@link ExportStore}. */
import { fieldInvalid } from "../errors";
import { HUNDRED_PER_MINUTE } from "../rate-limit";
import { XLSX_CONTENT_TYPE, type ExportKind } from "../store/export-files";
import { userIdTypeOf } from "../store/users";
import { bodyOf, FileAnswer, route, type Route } from "./route";

/** Reference 3.5: every export endpoint is 100/min; creating a task changes state. */
const CREATE = { write: true, windows: HUNDRED_PER_MINUTE } as const;
const READ = { write: false, windows: HUNDRED_PER_MINUTE } as const;

const KINDS: readonly ExportKind[] = [
  "meeting_list",
  "participant_list",
  "participant_quality_list",
  "resource_reservation_list",
];

const createRoute = (kind: ExportKind): Route =>
  route(
    `POST /open-apis/vc/v1/exports/${kind}`,
    CREATE,
    (ctx) => {
      // Permission first, then the request; rows are read now, the file is written meanwhile.
      ctx.tenant.exports.checkPermission(ctx.caller);
      const rows = ctx.tenant.exportRows.rows(kind, bodyOf(ctx), userIdTypeOf(ctx.query));
      return ctx.tenant.exports.create(kind, rows, ctx.caller);
    },
    "tenant-or-user",
  );

export const EXPORT_ROUTES: Route[] = [
  ...KINDS.map(createRoute),
  route(
    "GET /open-apis/vc/v1/exports/download",
    READ,
    (ctx) => {
      const token = ctx.query.get("file_token");
      if (token === null || token === "") throw fieldInvalid("file_token", "is required");
      const file = ctx.tenant.exports.download(token, ctx.caller);
      return new FileAnswer(file.bytes, XLSX_CONTENT_TYPE, file.fileName, file.drop);
    },
    "tenant-or-user",
  ),
  route(
    "GET /open-apis/vc/v1/exports/:task_id",
    READ,
    (ctx) => ctx.tenant.exports.get(ctx.params.task_id!, ctx.caller),
    "tenant-or-user",
  ),
];
