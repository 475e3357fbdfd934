/**
 * The one table of Feishu codes the client knows (reference 1.4, 1.8, 1.11 and the per-family
 * error lists of sections 2 and 3). Each row says how the client treats the code: the error class
 * `errorFromResponse` makes of it. Everything else in the provider names codes through
 * {@link FEISHU_CODES}, never as a literal number, so one grep finds every branch on a code.
 */

/** How a code is treated: the `FeishuApiError` subclass it becomes. */
export type ErrorKind =
  /** Token missing, malformed, expired or of the wrong kind (AuthError; one token refresh first). */
  | "auth"
  /** App id or secret wrong (AuthError whose message names the config keys to check). */
  | "credentials"
  /** Scope missing, app not installed, IP denied, not the owner (PermissionError). */
  | "permission"
  /** Throttled (RateLimitError; always waited out and retried). */
  | "rate-limit"
  /** The object or path does not exist (NotFoundError). */
  | "not-found"
  /** The service failed internally (ServerError; idempotent calls are retried). */
  | "server"
  /** Invalid or conflicting request, or a state that forbids it (InvalidRequestError). */
  | "invalid";

export interface ErrorCodeRow {
  readonly code: number;
  readonly kind: ErrorKind;
  /** The reference's wording of what the code means. */
  readonly meaning: string;
}

/** Every code the client knows, by a name that says what it means. */
export const ERROR_CODE_TABLE = {
  // Token endpoint (reference 1.4; section 4 item 2).
  // 10003 is how the token endpoint refuses an unknown app id; elsewhere it is a bad parameter, and
  // every refusal of the token endpoint becomes an AuthError anyway (client.ts `fetchToken`).
  INVALID_PARAMETER: { code: 10003, kind: "invalid", meaning: "invalid parameter" },
  APP_SECRET_INVALID: { code: 10014, kind: "credentials", meaning: "app secret invalid" },
  WRONG_APP_SECRET: { code: 10015, kind: "credentials", meaning: "wrong app secret" },
  // Platform codes (reference 1.8).
  NEED_TOKEN: { code: 99991661, kind: "auth", meaning: "Authorization header missing" },
  INVALID_TENANT_TOKEN: {
    code: 99991663,
    kind: "auth",
    meaning: "tenant token invalid or expired, or the API takes no tenant token",
  },
  INVALID_APP_TOKEN: { code: 99991664, kind: "auth", meaning: "invalid app token" },
  INVALID_TENANT_CODE: { code: 99991665, kind: "auth", meaning: "malformed tenant token" },
  INVALID_USER_TOKEN: {
    code: 99991668,
    kind: "auth",
    meaning: "user token invalid or expired, or a user token on a tenant-only API",
  },
  INVALID_REFRESH_TOKEN: { code: 99991669, kind: "auth", meaning: "invalid user refresh token" },
  BAD_TOKEN_SHAPE: { code: 99991671, kind: "auth", meaning: "token must start with t-/u-" },
  USER_TOKEN_EXPIRED: { code: 99991677, kind: "auth", meaning: "user token expired" },
  SCOPE_REQUIRED: { code: 99991672, kind: "permission", meaning: "app lacks the API scope" },
  APP_NOT_INSTALLED: { code: 99991673, kind: "permission", meaning: "app not installed" },
  USER_NOT_AUTHORIZED: { code: 99991679, kind: "permission", meaning: "user has not granted it" },
  IP_DENIED: { code: 99991401, kind: "permission", meaning: "IP allow-list" },
  RATE_LIMITED: { code: 99991400, kind: "rate-limit", meaning: "request trigger frequency limit" },
  MONTHLY_QUOTA: { code: 99991403, kind: "invalid", meaning: "monthly API quota exceeded" },
  PATH_NOT_FOUND: { code: 99991201, kind: "not-found", meaning: "resource not find (wrong path)" },
  METHOD_MISMATCH: { code: 99991301, kind: "invalid", meaning: "request method doesn't match" },
  FIELD_VALIDATION_FAILED: { code: 99992402, kind: "invalid", meaning: "field validation failed" },
  PLATFORM_INTERNAL_1500: { code: 1500, kind: "server", meaning: "internal error" },
  PLATFORM_INTERNAL_10101: { code: 10101, kind: "server", meaning: "internal error" },
  PLATFORM_INTERNAL_55001: { code: 55001, kind: "server", meaning: "internal error" },
  // VC business codes shared by every family (reference 1.11).
  INTERNAL_ERROR: { code: 121001, kind: "server", meaning: "internal error, retry" },
  NOT_SUPPORTED: { code: 121002, kind: "invalid", meaning: "not support" },
  PARAM_ERROR: { code: 121003, kind: "invalid", meaning: "param error" },
  DATA_NOT_EXIST: { code: 121004, kind: "not-found", meaning: "data not exist" },
  NO_PERMISSION: {
    code: 121005,
    kind: "permission",
    meaning: "token type, operator or owner wrong",
  },
  DATA_CONFLICT: { code: 121006, kind: "invalid", meaning: "data conflict (compare-and-swap)" },
  LEVEL_CANNOT_HOLD: {
    code: 125001,
    kind: "invalid",
    meaning: "cannot create/update room (or delete child) at this level",
  },
  // Meetings (reference 3.2; also returned by reservations and recording).
  MEETING_STATE_UNEXPECTED: {
    code: 122001,
    kind: "invalid",
    meaning: "meeting not in the expected state",
  },
  MEETING_NOT_EXIST: { code: 122002, kind: "not-found", meaning: "meeting does not exist" },
  OPERATOR_NOT_IN_MEETING: { code: 122003, kind: "invalid", meaning: "operator not in meeting" },
  TARGET_NOT_IN_MEETING: { code: 122004, kind: "invalid", meaning: "target not in meeting" },
  CANNOT_ACT_ON_ONESELF: { code: 122005, kind: "invalid", meaning: "cannot act on oneself" },
  PARTICIPANT_LIMIT: { code: 122006, kind: "invalid", meaning: "participant limit reached" },
  CALLEE_BUSY: { code: 122007, kind: "invalid", meaning: "callee busy" },
  MEETING_LOCKED: { code: 122008, kind: "invalid", meaning: "meeting locked" },
  PARTICIPANT_STATE_UNEXPECTED: {
    code: 122009,
    kind: "invalid",
    meaning: "participant state unexpected",
  },
  // Reservations (reference 3.1).
  ONE_TO_ONE_CANNOT_RECORD: {
    code: 123002,
    kind: "invalid",
    meaning: "a 1v1 call cannot auto-record",
  },
  TOO_MANY_HOSTS: { code: 123003, kind: "invalid", meaning: "more than 10 assigned hosts" },
  INVALID_HOST: { code: 123004, kind: "invalid", meaning: "invalid host id" },
  INVALID_PASSWORD: { code: 123006, kind: "invalid", meaning: "password is not 4-9 digits" },
  // Recording (reference 3.3): the file is still being generated; ask again later.
  RECORD_PROCESSING: { code: 124002, kind: "invalid", meaning: "record processing" },
  // Reports (reference 3.4): the top-user list holds rooms, which have no user_id.
  TOP_USERS_INCLUDE_ROOMS: {
    code: 122359,
    kind: "invalid",
    meaning: "top-user list may contain rooms: use open_id, not user_id_type=user_id",
  },
} as const satisfies Record<string, ErrorCodeRow>;

/** A code's name in {@link ERROR_CODE_TABLE}. */
export type ErrorCodeName = keyof typeof ERROR_CODE_TABLE;

/** Code numbers by name: `FEISHU_CODES.DATA_NOT_EXIST === 121004`. */
export const FEISHU_CODES = Object.fromEntries(
  Object.entries(ERROR_CODE_TABLE).map(([name, row]) => [name, row.code]),
) as { readonly [N in ErrorCodeName]: (typeof ERROR_CODE_TABLE)[N]["code"] };

const KIND_BY_CODE = new Map<number, ErrorKind>(
  Object.values(ERROR_CODE_TABLE).map((row): [number, ErrorKind] => [row.code, row.kind]),
);

/** How the client treats `code`; unknown codes are invalid requests (not retried). */
export function errorKindOf(code: number): ErrorKind | undefined {
  return KIND_BY_CODE.get(code);
}
