/** Every control endpoint under `/__emulator/`: one line per group. */
import type { ControlRoute } from "./control";
import { HISTORY_CONTROLS } from "./history";
import { MEETING_CONTROLS } from "./meetings";
import { SERVER_CONTROLS } from "./server-controls";
import { USER_CONTROLS } from "./users";
import { WEBHOOK_CONTROLS } from "./webhook-controls";

export const CONTROLS: readonly ControlRoute[] = [
  ...SERVER_CONTROLS,
  ...USER_CONTROLS,
  ...MEETING_CONTROLS,
  ...WEBHOOK_CONTROLS,
  ...HISTORY_CONTROLS,
];
