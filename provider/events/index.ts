/** Receiving Feishu VC events: the webhook receiver and the typed events with a handler API. */
export { startEventReceiver } from "./receiver";
export type { ReceiverOptions, ReceiverStats, RunningReceiver } from "./receiver";
export { createEventHandler } from "./types";
export type * from "./types";
