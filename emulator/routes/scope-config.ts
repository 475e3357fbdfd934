/** Room configuration endpoints (reference 2.4) over the tenant's {@link ScopeConfigStore}. */
import { fieldInvalid } from "../errors";
import { checkUserIdType, queryInteger } from "../validate";
import { bodyOf, route, type Route } from "./route";

export const SCOPE_CONFIG_ROUTES: Route[] = [
  route("POST /open-apis/vc/v1/scope_config", "write", (ctx) => {
    checkUserIdType(ctx.query);
    ctx.tenant.scopeConfig.set(bodyOf(ctx));
    return {};
  }),
  route("GET /open-apis/vc/v1/scope_config", "read", (ctx) => {
    checkUserIdType(ctx.query);
    const scopeType = queryInteger(ctx.query, "scope_type");
    if (scopeType === undefined) throw fieldInvalid("scope_type", "is required");
    if (scopeType !== 1 && scopeType !== 2)
      throw fieldInvalid("scope_type", "must be 1 or 2", String(scopeType));
    const scopeId = ctx.query.get("scope_id");
    if (scopeId === null || scopeId === "") throw fieldInvalid("scope_id", "is required");
    return ctx.tenant.scopeConfig.get(scopeType, scopeId);
  }),
];
