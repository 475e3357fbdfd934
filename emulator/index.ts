/**
 * A local emulator of the Feishu VC API (room levels, rooms, scope configuration, reservations,
 * meetings, recording, tenant and user tokens), written from the API reference alone: it shares
 * no code with the client (ADR 0001).
 */
export { startEmulator } from "./server";
export type { RunningEmulator } from "./server";
export type { EmulatorOptions } from "./options";
export { DEFAULT_APP_ID, DEFAULT_APP_SECRET } from "./options";
