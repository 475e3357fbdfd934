/** Shared reading of call outcomes for the endpoint groups. */
import { FeishuVcError, ServerError, TransportError, isFeishuVcError } from "./errors";

/**
 * A write whose outcome is unknown: the answer was lost after sending, or the service failed
 * internally after receiving it. Only a lookup can tell whether it was applied (ADR 0002).
 */
export function isAmbiguousWrite(error: unknown): error is TransportError | ServerError {
  if (!isFeishuVcError(error) || !(error instanceof FeishuVcError)) return false;
  return (error instanceof TransportError && error.mayHaveApplied) || error instanceof ServerError;
}

/** The payload is missing a field the reference says is always there. */
export function missing(endpoint: string, action: string, what: string): TransportError {
  return new TransportError(endpoint, action, "malformed-response", `answer has no ${what}`, false);
}
