/**
 * Named defaults of the client, with units in their names (style notes L4). Every number here
 * cites the reference section it comes from, or says why it is our own choice.
 */

/** Feishu (mainland China) open platform (reference 1.1). The default base URL. */
export const FEISHU_BASE_URL = "https://open.feishu.cn";
/** Lark (international) open platform (reference 1.1). */
export const LARK_BASE_URL = "https://open.larksuite.com";

/** Self-built app tenant token endpoint (reference 1.4). */
export const TENANT_TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";

/** Refresh a cached tenant token this long before it expires, as the official SDK does (reference 1.4). */
export const TOKEN_REFRESH_MARGIN_MS = 3 * 60 * 1000;

/** One minute and one second, the two window lengths of the documented limits (reference 1.9). */
export const MINUTE_MS = 60 * 1000;
export const SECOND_MS = 1000;
/** Writes: create / patch / del of room levels and rooms, scope_config set (reference 1.9). */
export const WRITE_LIMIT_PER_MINUTE = 20;
/** Reads: get / mget / list / search (reference 1.9: "1000 per minute and 50 per second"). */
export const READ_LIMIT_PER_MINUTE = 1000;
export const READ_LIMIT_PER_SECOND = 50;
/**
 * Extra spacing added to every rate-limit window, for timers that fire early and clocks that
 * tick coarsely (our choice). Latency needs no margin: a slot counts from the call's answer.
 */
export const RATE_LIMIT_SAFETY_MARGIN_MS = 25;

/** Largest batch the client sends to mget and `room_levels/search` (reference section 4, item 8). */
export const MGET_BATCH_SIZE = 100;
/**
 * Quiet gap that closes a batch of single-object lookups (issue 7): a lookup waits until no other
 * has arrived for this long, and at most 20 gaps in all. A lone read pays this once. Measured on a
 * refresh of 1,000 rooms at engine parallelism 256: the engine pauses 50-80 ms between bursts of
 * reads, so a gap of 20 ms sent 18 room mgets, 50 ms 13, and 100 ms the minimum, 10.
 */
export const READ_COALESCE_WINDOW_MS = 100;

/**
 * Quiet gap during a bulk read (a refresh): a quarter of a batch waiting, or a full batch sent in
 * the last 4 s. A loaded machine pauses the engine between reads for up to ~800 ms (measured on 2
 * busy CPUs at 1,000 rooms), and each pause the gap did not cover cut a batch short: 11-12 room
 * mgets for 1,000 rooms instead of 10, 102-104 calls for 10,000. A refresh then ends at most 1 s
 * later; a lone read keeps the 100 ms gap.
 */
export const READ_BULK_WINDOW_MS = 1000;
/** Page size used when walking a list to the end: the documented maximum (reference 1.7). */
export const LIST_PAGE_SIZE_MAX = 100;

/** HTTP timeout of one attempt (our choice; the reference states none). */
export const DEFAULT_TIMEOUT_MS = 30 * 1000;
/** Retries of transient failures (transport, 5xx, 121001) per call on idempotent endpoints. */
export const DEFAULT_MAX_RETRIES = 3;
/**
 * Sends of one create at most, each after a lookup found nothing (ADR 0002, issue 18): a second
 * ambiguous outcome (the re-send applied but its answer lost) is resolved by one more lookup, not
 * surfaced as an error that would strand the object.
 */
export const CREATE_MAX_SENDS = 3;
/** Retries of rate-limit rejections per call: throttling is expected and always waited out. */
export const RATE_LIMIT_MAX_RETRIES = 12;
/** First backoff delay; doubled per attempt with jitter, Stripe's starting point (style notes L6). */
export const RETRY_BASE_DELAY_MS = 500;
/** Upper bound of one backoff delay. */
export const RETRY_MAX_DELAY_MS = 8 * 1000;
/** Upper bound of one wait after a 429 when the server asks for longer (a window is one minute). */
export const RATE_LIMIT_MAX_WAIT_MS = 65 * 1000;

/** Client version sent in the User-Agent header (reference 1.2 lists the SDK's own). */
const CLIENT_VERSION = "0.1.0";
/** Default `User-Agent`. */
export const DEFAULT_USER_AGENT = `pulumi-feishu-vc/${CLIENT_VERSION}`;
/** Largest page of `meetings/list_by_no` (reference 1.7, 3.2: at most 50). */
export const LIST_BY_NO_PAGE_SIZE_MAX = 50;

/** First wait between polls of an export task; doubled after each poll (our choice, issue 20). */
export const EXPORT_POLL_INITIAL_MS = 250;
/** Longest wait between polls of an export task (our choice, issue 20). */
export const EXPORT_POLL_MAX_MS = 5 * 1000;
/** How long an export task may stay "processing" before the helper gives up (our choice). */
export const EXPORT_TIMEOUT_MS = 15 * 60 * 1000;
/** Downloads of one export file at most, when the connection drops mid-file (our choice). */
export const EXPORT_DOWNLOAD_ATTEMPTS = 3;
