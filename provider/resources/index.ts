import type { ProviderImplementations } from "./provider-shim";
import { roomLevelProvider } from "./room-level";
import { roomProvider } from "./room";
import { reservationProvider } from "./reservation";
import { scopeConfigProvider } from "./scope-config";

export * from "./room-level";
export * from "./room";
export * from "./scope-config";
export * from "./reservation";
export type { RoomStatusArgs, RoomStatusValue } from "./room-status";
export { CONFIG_KEYS, ENV_KEYS } from "./provider-runtime";
export { PULUMI_MODULE } from "./provider-shim";
export type { ResourceKind } from "./provider-shim";

/** The implementations the serialized shims load by package name (see provider-shim.ts). */
export const providerImplementations: ProviderImplementations = {
  RoomLevel: roomLevelProvider,
  Room: roomProvider,
  ScopeConfig: scopeConfigProvider,
  Reservation: reservationProvider,
};
export { ResourceError, isResourceError } from "./errors";
