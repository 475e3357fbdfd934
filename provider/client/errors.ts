/**
 * The client's error model (style notes L5): `FeishuApiError` when the service answered with a
 * failure, `TransportError` when there is no usable answer, `ConfigError` for missing settings.
 * `errorFromResponse` is the only place that maps Feishu codes to classes. Every message passes
 * through `redactText`, so no app secret or token can be printed from an error.
 */
import { FEISHU_CODES, errorKindOf } from "./error-codes";
import { redactText, redactValue } from "./redact";

/**
 * Brand carried by every error of this package: an own property set to `true`. A registry symbol
 * (`Symbol.for`), so it is the same in several loaded copies of the module and in code that may
 * not import the client (the layout loader can write `Symbol.for("pulumi-feishu-vc.error")`).
 */
export const FEISHU_VC_ERROR_BRAND: unique symbol = Symbol.for("pulumi-feishu-vc.error");

/** Any error of this package: the client's, the resources', the layout loader's. */
export interface FeishuVcBrandedError extends Error {
  readonly [FEISHU_VC_ERROR_BRAND]: true;
}

/** Common base of the client's errors: a `[feishu-vc]` prefix, the brand, and a redacted message. */
export abstract class FeishuVcError extends Error implements FeishuVcBrandedError {
  readonly [FEISHU_VC_ERROR_BRAND] = true as const;
  constructor(message: string) {
    super(redactText(message.startsWith("[feishu-vc]") ? message : `[feishu-vc] ${message}`));
    this.name = new.target.name;
  }
}

/**
 * True for any error carrying {@link FEISHU_VC_ERROR_BRAND} (works across module copies and
 * processes' deserialized code, unlike instanceof).
 */
export function isFeishuVcError(error: unknown): error is FeishuVcBrandedError {
  // Not `instanceof Error`: an error thrown by the serialized provider loader comes from another
  // realm (a vm context) in the provider process, whose Error is not this realm's; the object's
  // own tag says Error in every realm.
  return (
    Object.prototype.toString.call(error) === "[object Error]" &&
    (error as Record<symbol, unknown>)[FEISHU_VC_ERROR_BRAND] === true
  );
}

/** One `error.field_violations` item of a failure body (reference 1.3). */
export interface FieldViolation {
  field?: string;
  value?: string;
  description?: string;
}

/** One `error.permission_violations` item; real responses use `{type, subject}` (reference 1.3). */
export interface PermissionViolation {
  type?: string;
  subject?: string;
  description?: string;
}

/** What the service told us about a failed call. */
export interface ApiFailure {
  code: number;
  msg: string;
  httpStatus: number;
  logId?: string;
  /** Endpoint key, e.g. `"POST /open-apis/vc/v1/rooms"`. */
  endpoint: string;
  /** What the call was doing, e.g. "create room". */
  action: string;
  fieldViolations?: FieldViolation[];
  permissionViolations?: PermissionViolation[];
}

/** The service answered with a non-zero code. */
export class FeishuApiError extends FeishuVcError {
  readonly code: number;
  readonly msg: string;
  readonly httpStatus: number;
  readonly logId: string | undefined;
  readonly endpoint: string;
  readonly fieldViolations: FieldViolation[];
  readonly permissionViolations: PermissionViolation[];

  constructor(failure: ApiFailure, nextStep?: string) {
    const violations = (failure.fieldViolations ?? [])
      .map((v) => `${v.field ?? "?"}: ${v.description ?? "invalid"}`)
      .join("; ");
    super(
      `${failure.action} failed: ${failure.msg} (code ${failure.code}, HTTP ${failure.httpStatus}` +
        `${failure.logId === undefined ? "" : `, log id ${failure.logId}`})` +
        `${violations === "" ? "" : ` [${violations}]`}${nextStep === undefined ? "" : `. ${nextStep}`}`,
    );
    this.code = failure.code;
    this.msg = redactText(failure.msg);
    this.httpStatus = failure.httpStatus;
    this.logId = failure.logId;
    this.endpoint = failure.endpoint;
    // The service echoes request values here (a field's `value`), which may be a secret the
    // caller sent: stored redacted, so inspecting or serializing the error cannot print it.
    this.fieldViolations = redactValue(failure.fieldViolations ?? []) as FieldViolation[];
    this.permissionViolations = redactValue(
      failure.permissionViolations ?? [],
    ) as PermissionViolation[];
  }
}

/** The token was missing, malformed, expired or of the wrong kind, or the app credentials are wrong. */
export class AuthError extends FeishuApiError {}

/** The app lacks a scope or is not installed in the tenant. */
export class PermissionError extends FeishuApiError {}

/** The service throttled the call (99991400 / HTTP 429). */
export class RateLimitError extends FeishuApiError {
  /** How long the service asked us to wait (`x-ogw-ratelimit-reset`), when it said. */
  readonly resetAfterMs: number | undefined;
  constructor(failure: ApiFailure, resetAfterMs: number | undefined) {
    super(failure, "The client waits and retries throttled calls; this one ran out of retries");
    this.resetAfterMs = resetAfterMs;
  }
}

/** The object does not exist (121004), or the path is unknown (99991201). */
export class NotFoundError extends FeishuApiError {}

/** The request was rejected as invalid or conflicting; retrying the same request cannot help. */
export class InvalidRequestError extends FeishuApiError {}

/** The service failed internally (121001, 1500, 5xx); safe to retry idempotent calls. */
export class ServerError extends FeishuApiError {}

/** No usable answer: connection failure, timeout, or a body that is not the documented envelope. */
export class TransportError extends FeishuVcError {
  readonly endpoint: string;
  /** True when the request was sent and the service may have applied it (a write whose answer was lost). */
  readonly mayHaveApplied: boolean;
  readonly reason: "network" | "timeout" | "malformed-response";
  constructor(
    endpoint: string,
    action: string,
    reason: TransportError["reason"],
    detail: string,
    mayHaveApplied: boolean,
  ) {
    super(
      `${action} failed: ${reason === "timeout" ? "timed out" : reason === "network" ? "network error" : "unreadable response"}` +
        ` (${detail})${mayHaveApplied ? "; the service may have applied it" : ""}`,
    );
    this.endpoint = endpoint;
    this.reason = reason;
    this.mayHaveApplied = mayHaveApplied;
  }
}

/** A setting the client needs is missing or invalid; the message names the fix. */
export class ConfigError extends FeishuVcError {}

/**
 * An argument breaks a rule the reference states up front (a 9-digit meeting number, at most 10
 * hosts, a time window...), or the call lacks the token kind its endpoint needs. Thrown before
 * any request: nothing was sent.
 */
export class ArgumentError extends FeishuVcError {
  /** Endpoint key of the refused call. */
  readonly endpoint: string;
  /** The offending field (`meeting_settings.password`), or `userAccessToken`. */
  readonly field: string;
  constructor(endpoint: string, action: string, field: string, problem: string) {
    super(`${action}: ${field} ${problem}; nothing was sent (${endpoint})`);
    this.endpoint = endpoint;
    this.field = field;
  }
}

/**
 * A create whose outcome is unknown (answer lost after sending, or the service failed mid-way)
 * and that cannot be resolved by reading, because the API offers no way to find what it may have
 * made. It is not sent again (ADR 0002); the message names what may exist.
 */
export class AmbiguousWriteError extends FeishuVcError {
  readonly endpoint: string;
  readonly mayHaveApplied = true as const;
  /** The transport or server failure that left the outcome unknown. */
  readonly failure: FeishuVcError;
  constructor(endpoint: string, whatMayExist: string, nextStep: string, cause: FeishuVcError) {
    super(
      `${whatMayExist} may have been created: ${cause.message.replace(/^\[feishu-vc\] /, "")}. ` +
        `It was not sent again, since a retry could create a second one. ${nextStep}`,
    );
    this.endpoint = endpoint;
    this.failure = cause;
  }
}

/**
 * An export task ended in "failed" (reference 3.5, status 2); the service's `fail_msg` is the
 * reason. Nothing was written.
 */
export class ExportFailedError extends FeishuVcError {
  readonly taskId: string;
  readonly failMsg: string;
  constructor(action: string, taskId: string, failMsg: string) {
    super(
      `${action} failed: export task ${taskId} failed: ${failMsg === "" ? "(no fail_msg)" : failMsg}; nothing was written`,
    );
    this.taskId = taskId;
    this.failMsg = redactText(failMsg);
  }
}

/**
 * A local file problem of an export: the output exists (without `force`), its directory is
 * missing, or a downloaded spreadsheet lacks a column or holds a cell the client cannot read.
 */
export class ExportFileError extends FeishuVcError {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

export const isFeishuApiError = (error: unknown): error is FeishuApiError =>
  isFeishuVcError(error) && error instanceof FeishuApiError;
export const isRateLimitError = (error: unknown): error is RateLimitError =>
  isFeishuVcError(error) && error instanceof RateLimitError;
export const isTransportError = (error: unknown): error is TransportError =>
  isFeishuVcError(error) && error instanceof TransportError;
export const isArgumentError = (error: unknown): error is ArgumentError =>
  isFeishuVcError(error) && error instanceof ArgumentError;
export const isAmbiguousWriteError = (error: unknown): error is AmbiguousWriteError =>
  isFeishuVcError(error) && error instanceof AmbiguousWriteError;
export const isExportFailedError = (error: unknown): error is ExportFailedError =>
  isFeishuVcError(error) && error instanceof ExportFailedError;
export const isExportFileError = (error: unknown): error is ExportFileError =>
  isFeishuVcError(error) && error instanceof ExportFileError;
export const isNotFoundError = (error: unknown): error is NotFoundError =>
  isFeishuVcError(error) && error instanceof NotFoundError;

/** Stands for "the body carried no code" (a proxy page, an empty body). */
const NO_CODE = -1;

/** A response body as it may arrive: the envelope, or anything else a proxy sent. */
export interface ResponseBody {
  code?: unknown;
  msg?: unknown;
  error?: { log_id?: unknown; field_violations?: unknown; permission_violations?: unknown };
}

const header = (headers: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === "string"
    ? value
    : Array.isArray(value) && typeof value[0] === "string"
      ? value[0]
      : undefined;
};

/**
 * Maps a failed answer to its error class, deciding from the body `code` first: Feishu reports
 * failures in the body whatever the HTTP status (reference 1.3, section 4 items 1 and 3).
 */
export function errorFromResponse(
  httpStatus: number,
  body: ResponseBody,
  headers: Readonly<Record<string, unknown>>,
  endpoint: string,
  action: string,
): FeishuApiError {
  const code =
    typeof body.code === "number"
      ? body.code
      : httpStatus >= 500
        ? FEISHU_CODES.INTERNAL_ERROR
        : NO_CODE;
  const logId =
    header(headers, "x-tt-logid") ??
    (typeof body.error?.log_id === "string" ? body.error.log_id : undefined);
  const failure: ApiFailure = {
    code,
    msg: typeof body.msg === "string" ? body.msg : `HTTP ${httpStatus}`,
    httpStatus,
    endpoint,
    action,
    ...(logId === undefined ? {} : { logId }),
    ...(Array.isArray(body.error?.field_violations)
      ? { fieldViolations: body.error.field_violations as FieldViolation[] }
      : {}),
    ...(Array.isArray(body.error?.permission_violations)
      ? { permissionViolations: body.error.permission_violations as PermissionViolation[] }
      : {}),
  };
  const kind = errorKindOf(code);
  if (kind === "rate-limit" || httpStatus === 429) {
    const reset = Number(header(headers, "x-ogw-ratelimit-reset"));
    return new RateLimitError(
      failure,
      Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined,
    );
  }
  switch (kind) {
    case "credentials":
      return new AuthError(failure, "Check feishu-vc:appId and feishu-vc:appSecret");
    case "auth":
      return new AuthError(failure);
    case "permission": {
      const scopes = failure.permissionViolations
        ?.map((p) => p.subject)
        .filter((s) => s !== undefined);
      return new PermissionError(
        failure,
        scopes !== undefined && scopes.length > 0
          ? `Grant the app these scopes in the developer console: ${scopes.join(", ")}`
          : "Check the app's scopes (vc:room) and that it is installed in the tenant",
      );
    }
    case "not-found":
      return new NotFoundError(failure);
    case "server":
      return new ServerError(failure);
    case "invalid":
      return new InvalidRequestError(failure);
    case undefined:
      return code === NO_CODE && httpStatus >= 500
        ? new ServerError(failure)
        : new InvalidRequestError(failure);
  }
}
