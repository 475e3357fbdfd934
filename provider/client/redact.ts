/**
 * The one place that scrubs secrets from anything printable (style notes L5): error messages,
 * stacks, JSON forms and request events. It never mutates its input.
 *
 * Two layers: exact values the process has seen (app secrets and issued tokens, registered by
 * the client) and shapes that look like credentials whoever produced them (`Bearer …`, `t-…`
 * tenant tokens, `u-…` user tokens, JWTs, `app_secret` fields; reference 1.4, 1.5).
 */

/** What replaces a secret. */
const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not matched literally (they would blank out ordinary words). */
const MIN_SECRET_LENGTH = 4;
/** Bound on remembered secrets: tokens rotate every two hours, so old ones can be forgotten. */
const MAX_REMEMBERED_SECRETS = 256;

const known = new Set<string>();

/** Keys whose values are always hidden, whatever they hold. */
const SECRET_KEYS = new Set([
  "authorization",
  "app_secret",
  "appsecret",
  "tenant_access_token",
  "user_access_token",
  "useraccesstoken",
  "access_token",
  "refresh_token",
]);

const PATTERNS: readonly RegExp[] = [
  /\bBearer\s+[^\s"',;]+/gi,
  // Tenant (`t-`) and legacy user (`u-`) tokens; real ones are long, so short ids stay readable.
  /\b[tu]-[A-Za-z0-9._~+/=-]{16,}/g,
  // JWT access tokens of the newer OAuth flow (reference 1.4).
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  /("?(?:app_secret|appSecret|tenant_access_token|access_token)"?\s*[:=]\s*)"[^"]*"/g,
  /((?:app_secret|appSecret|tenant_access_token|access_token)=)[^&\s"']+/g,
];

/**
 * Remembers a value that must never be printed (an app secret, an issued token). Exact matches
 * are then scrubbed by {@link redactText} in this process.
 */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || known.has(value)) return;
  if (known.size >= MAX_REMEMBERED_SECRETS) {
    const oldest = known.values().next();
    if (oldest.done !== true) known.delete(oldest.value);
  }
  known.add(value);
}

/** Returns `text` with every registered secret and credential-shaped substring replaced. */
export function redactText(text: string): string {
  let out = text;
  // Longest first, so a secret containing another secret is removed whole.
  const secrets = [...known].sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: unknown) =>
      typeof prefix === "string" && prefix.length > 0 && match.startsWith(prefix)
        ? `${prefix}"${REDACTED}"`
        : REDACTED,
    );
  }
  return out;
}

/**
 * Returns a deep copy of `value` that is safe to print: secret-named keys are hidden and every
 * string goes through {@link redactText}. Cycles are cut.
 */
export function redactValue(value: unknown): unknown {
  return copy(value, new WeakSet());
}

function copy(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => copy(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : copy(item, seen);
  }
  return out;
}
