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
export const paramError = (detail?: string): ApiError =>
  new ApiError(400, 121003, detail === undefined ? "param error" : `param error: ${detail}`);
export const dataNotExist = (): ApiError => new ApiError(404, 121004, "data not exist");
export const dataConflict = (detail?: string): ApiError =>
  new ApiError(404, 121006, detail === undefined ? "data conflict" : `data conflict: ${detail}`);
export const cannotHoldRooms = (): ApiError =>
  new ApiError(404, 125001, "cannot create/update room at this level");
export const cannotDeleteChild = (): ApiError =>
  new ApiError(404, 125001, "cannot delete child at this level");

const withDetail = (msg: string, detail?: string): string =>
  detail === undefined ? msg : `${msg}: ${detail}`;

// Reserve, meeting and recording pages (reference 1.11, 3.1-3.3): 121005 is 403 and 121006 is
// 409 there, unlike on the room pages.
export const noPermission = (detail?: string): ApiError =>
  new ApiError(403, 121005, withDetail("no permission", detail));
export const hostChanged = (detail?: string): ApiError =>
  new ApiError(409, 121006, withDetail("data conflict", detail));
/** Reference 3.2: the meeting state codes 122001-122009. */
export const meetingNotInState = (detail?: string): ApiError =>
  new ApiError(400, 122001, withDetail("meeting status unexpected", detail));
export const meetingNotExist = (): ApiError => new ApiError(404, 122002, "meeting not exist");
export const operatorNotInMeeting = (): ApiError =>
  new ApiError(400, 122003, "operator not in meeting");
export const targetNotInMeeting = (detail?: string): ApiError =>
  new ApiError(400, 122004, withDetail("target user not in meeting", detail));
export const cannotActOnSelf = (): ApiError =>
  new ApiError(400, 122005, "cannot operate on oneself");
export const participantLimit = (): ApiError =>
  new ApiError(400, 122006, "participant limit reached");
export const calleeBusy = (detail?: string): ApiError =>
  new ApiError(400, 122007, withDetail("callee busy", detail));
export const participantStateUnexpected = (detail?: string): ApiError =>
  new ApiError(400, 122009, withDetail("participant status unexpected", detail));
/** Reference 3.1: the reservation setting codes. */
export const cannotAutoRecordCall = (): ApiError =>
  new ApiError(400, 123002, "1v1 calls cannot be recorded automatically");
export const tooManyHosts = (): ApiError => new ApiError(400, 123003, "at most 10 assigned hosts");
export const invalidHost = (ids: string[]): ApiError =>
  new ApiError(400, 123004, `invalid host id: ${ids.join(", ")}`);
export const badPassword = (): ApiError =>
  new ApiError(400, 123006, "password must be 4 to 9 digits");
/** Reference 3.3: the recording file is still being generated. */
export const recordProcessing = (): ApiError => new ApiError(400, 124002, "record processing");
