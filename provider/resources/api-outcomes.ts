import { FEISHU_CODES, isFeishuVcError } from "../client";

/**
 * Business codes the resources branch on (reference section 1.11). The client owns the mapping of
 * codes to error classes; resources only need to tell these outcomes apart.
 */
const CODE_DATA_NOT_EXIST = FEISHU_CODES.DATA_NOT_EXIST;
export const CODE_DATA_CONFLICT = FEISHU_CODES.DATA_CONFLICT;
export const CODE_LEVEL_CANNOT_HOLD = FEISHU_CODES.LEVEL_CANNOT_HOLD;

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
