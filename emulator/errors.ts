/**
 * The error codes the emulator answers with, each with the HTTP status the reference gives
 * (sections 1.8 and 1.11; room, room-level and scope-config pages use 404 for 121004/5/6).
 */

/** A field that failed schema validation, as in `error.field_violations` (reference 1.3). */
export interface FieldViolation {
  field: string;
  value?: string;
  description: string;
}

/** A failure the emulator answers with; thrown by handlers, turned into the envelope by the server. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly msg: string,
    readonly fieldViolations: FieldViolation[] = [],
    /** Extra headers, e.g. the rate-limit headers of a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code} ${msg}`);
  }
}

export const needToken = (): ApiError => new ApiError(400, 99991661, "Need a token");
export const invalidTenantToken = (): ApiError =>
  new ApiError(
    400,
    99991663,
    "Invalid access token for authorization. Please make a request with token attached",
  );
export const userTokenNotSupported = (): ApiError =>
  new ApiError(400, 99991668, "user access token not support");
export const invalidUserToken = (): ApiError =>
  new ApiError(
    400,
    99991668,
    "Invalid access token for authorization. Please make a request with token attached.",
  );
export const badTokenShape = (): ApiError =>
  new ApiError(400, 99991671, "Invalid token: must start with t-/u-");
export const pathNotFound = (): ApiError => new ApiError(404, 99991201, "resource not find");
export const methodMismatch = (): ApiError =>
  new ApiError(400, 99991301, "request method doesn't match");
export const rateLimited = (limit: number, resetSeconds: number): ApiError =>
  // Reference section 4 item 3: VC endpoints answer 429 (not the 400 of "older APIs").
  new ApiError(429, 99991400, "request trigger frequency limit", [], {
    "x-ogw-ratelimit-limit": String(limit),
    "x-ogw-ratelimit-reset": String(resetSeconds),
  });

/** Reference section 4 item 6: schema violations are the gateway's 99992402 with field_violations. */
export const fieldInvalid = (field: string, description: string, value?: unknown): ApiError =>
  new ApiError(400, 99992402, "field validation failed", [
    {
      field,
      description,
      ...(value === undefined
        ? {}
        : { value: typeof value === "string" ? value : JSON.stringify(value) }),
    },
  ]);

export const internalError = (): ApiError => new ApiError(500, 121001, "internal error");
export const notSupported = (): ApiError => new ApiError(400, 121002, "not support");
export const paramError = (detail?: string): ApiError =>
  new ApiError(400, 121003, detail === undefined ? "param error" : `param error: ${detail}`);
export const dataNotExist = (): ApiError => new ApiError(404, 121004, "data not exist");
export const dataConflict = (detail?: string): ApiError =>
  new ApiError(404, 121006, detail === undefined ? "data conflict" : `data conflict: ${detail}`);
export const cannotHoldRooms = (): ApiError =>
  new ApiError(404, 125001, "cannot create/update room at this level");
export const cannotDeleteChild = (): ApiError =>
  new ApiError(404, 125001, "cannot delete child at this level");
