/**
 * Every VC endpoint the emulator serves: one line per API family. A new family adds its store
 * (store/<family>.ts), its routes module (routes/<family>.ts) and one line here.
 */
import { EXPORT_ROUTES } from "./exports";
import { MEETING_ROUTES } from "./meetings";
import { RECORDING_ROUTES } from "./recording";
import { RESERVATION_ROUTES } from "./reservations";
import { ROOM_LEVEL_ROUTES } from "./room-levels";
import { ROOM_ROUTES } from "./rooms";
import { REPORT_ROUTES } from "./reports";
import type { Route } from "./route";
import { SCOPE_CONFIG_ROUTES } from "./scope-config";

export const ROUTES: readonly Route[] = [
  ...ROOM_LEVEL_ROUTES,
  ...ROOM_ROUTES,
  ...SCOPE_CONFIG_ROUTES,
  ...RESERVATION_ROUTES,
  ...MEETING_ROUTES,
  ...RECORDING_ROUTES,
  ...REPORT_ROUTES,
  ...EXPORT_ROUTES,
];
