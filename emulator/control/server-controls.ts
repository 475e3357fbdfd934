/** The emulator's own controls: stats, faults, tokens, state, rate limits, tenant settings. */
import { FAULT_KINDS, type FaultKind } from "../faults";
import { control, ok, refuse, type ControlRoute } from "./control";

export const SERVER_CONTROLS: ControlRoute[] = [
  control("GET /__emulator/stats", (ctx) => ok(ctx.stats)),
  control("POST /__emulator/stats/reset", (ctx) => {
    ctx.stats.calls = {};
    ctx.stats.total = 0;
    ctx.stats.rateLimited = 0;
    return ok();
  }),
  control("POST /__emulator/faults", (ctx) => {
    const kind = ctx.input.kind as FaultKind;
    const times = typeof ctx.input.times === "number" ? ctx.input.times : 1;
    if (typeof ctx.input.endpoint !== "string" || !FAULT_KINDS.includes(kind))
      return refuse(400, `faults need {endpoint, kind: ${FAULT_KINDS.join("|")}, times?}`);
    ctx.faults.arm(ctx.input.endpoint, kind, times);
    return ok();
  }),
  control("POST /__emulator/faults/reset", (ctx) => {
    ctx.faults.reset();
    return ok();
  }),
  control("POST /__emulator/tokens/expire", (ctx) => {
    ctx.tokens.expireAll();
    return ok();
  }),
  control("GET /__emulator/state", (ctx) => ok(ctx.tenant.stateView())),
  control("PUT /__emulator/rate-limits", (ctx) => {
    const scale = ctx.input.scale;
    if (ctx.limits === undefined) return refuse(409, "rate limits are off");
    if (typeof scale !== "number" || !(scale > 0))
      return refuse(400, "rate-limits need {scale: a number above 0}");
    ctx.limits.rescale(scale);
    return ok({ scale });
  }),
  control("PATCH /__emulator/tenant", (ctx) => {
    if (typeof ctx.input.flexibleLevels === "boolean")
      ctx.tenant.settings.flexibleLevels = ctx.input.flexibleLevels;
    ctx.persist();
    return ok({ flexibleLevels: ctx.tenant.settings.flexibleLevels });
  }),
];
