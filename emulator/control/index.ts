/** Every control endpoint under `/__emulator/`: one line per group. */
import type { ControlRoute } from "./control";
import { SERVER_CONTROLS } from "./server-controls";
import { WEBHOOK_CONTROLS } from "./webhook-controls";

export const CONTROLS: readonly ControlRoute[] = [...SERVER_CONTROLS, ...WEBHOOK_CONTROLS];
