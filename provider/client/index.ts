/** The Feishu VC API client: HTTP only, no Pulumi, no layout. */
export { FeishuVcClient, createClient } from "./client";
export type { FeishuVcClientOptions, RequestEvent, ClientStats } from "./client";
export {
  FEISHU_BASE_URL,
  LARK_BASE_URL,
  MGET_BATCH_SIZE,
  MINUTE_MS,
  WRITE_LIMIT_PER_MINUTE,
} from "./constants";
export {
  FeishuVcError,
  FeishuApiError,
  AuthError,
  PermissionError,
  RateLimitError,
  NotFoundError,
  InvalidRequestError,
  ServerError,
  TransportError,
  ConfigError,
  errorFromResponse,
  isFeishuVcError,
  isFeishuApiError,
  isRateLimitError,
  isTransportError,
  isNotFoundError,
} from "./errors";
export type { FieldViolation, PermissionViolation } from "./errors";
export { ENDPOINTS, ENDPOINT_KEYS, TOKEN_ENDPOINT_KEY } from "./endpoints";
export type { EndpointKey, EndpointParams, EndpointData } from "./endpoints";
export type { RateLimitWait, Clock } from "./rate-limiter";
export { redactText, redactValue } from "./redact";
export { ROOT_LEVEL_ALIAS } from "./room-levels";
export type * from "./api/types";
