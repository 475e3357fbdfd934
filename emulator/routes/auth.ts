/**
 * The tenant token endpoint (reference 1.4). Unlike the VC endpoints it takes no token, answers
 * a flat body (not the `data` envelope) and has no documented rate limit, so the server handles
 * it before the VC route table; the rules themselves live in {@link TokenIssuer}.
 */
import { parseKey } from "../router";
import type { TokenIssuer } from "../auth";

export const TENANT_TOKEN_ROUTE = parseKey("POST /open-apis/auth/v3/tenant_access_token/internal");
export const TENANT_TOKEN_PATH = `/${TENANT_TOKEN_ROUTE.segments.join("/")}`;

/** Answers a token request: the flat body and its HTTP status. */
export function tenantToken(
  tokens: TokenIssuer,
  body: unknown,
): { status: number; body: Record<string, unknown> } {
  return tokens.issue(body);
}
