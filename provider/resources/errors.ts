/**
 * Errors the resources raise themselves (a conflict they detected, an object gone right after a
 * write, a delete the stack may not do). They carry the package's brand, like the client's, so
 * `isFeishuVcError` recognises them across module copies and the provider process.
 */
import { FeishuVcError, isFeishuVcError } from "../client";

/** The package's branded base, for the layers above the client (the layout may not import it). */
export { FeishuVcError, isFeishuVcError };

/** What a resource kind is called in messages and in `ResourceError.resource`. */
export type ResourceName = "RoomLevel" | "Room" | "ScopeConfig" | "Reservation";

/** A resource operation failed for a reason the resource found itself; the message says what next. */
export class ResourceError extends FeishuVcError {
  constructor(
    readonly resource: ResourceName,
    message: string,
  ) {
    super(message);
  }
}

/** True for a {@link ResourceError} (works across module copies, unlike instanceof). */
export function isResourceError(error: unknown): error is ResourceError {
  return isFeishuVcError(error) && error.name === "ResourceError";
}
