import { isFeishuVcError } from "../client";

/**
 * Business codes the resources branch on (reference section 1.11). The client owns the mapping of
 * codes to error classes; resources only need to tell these outcomes apart.
 */
const CODE_DATA_NOT_EXIST = 121004;
export const CODE_DATA_CONFLICT = 121006;
export const CODE_LEVEL_CANNOT_HOLD = 125001;

/** The Feishu business code of an API failure, or `undefined` for anything else. */
export function apiErrorCode(error: unknown): number | undefined {
  if (!isFeishuVcError(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}

/** True when the failure says the object is gone (deleted out of band, or never existed). */
export function isGone(error: unknown): boolean {
  return apiErrorCode(error) === CODE_DATA_NOT_EXIST;
}
