/**
 * The app's event subscription (reference 2.6.1), as control endpoints:
 * - `POST /__emulator/webhook` `{url, verification_token?, encrypt_key?}` registers or replaces the
 *   one subscriber after the URL-verification handshake (409 with the reason when it fails; the
 *   previous subscriber then stays);
 * - `GET /__emulator/webhook` shows the subscriber (never its token or key), counters and the
 *   pending deliveries;
 * - `DELETE /__emulator/webhook` removes it and drops its pending deliveries;
 * - `PUT /__emulator/webhook/time-scale` `{scale}` divides the retry delays.
 */
import { HandshakeError } from "../events/bus";
import { control, ok, refuse, type ControlRoute } from "./control";

const optionalText = (value: unknown): value is string | undefined =>
  value === undefined || (typeof value === "string" && value !== "");

export const WEBHOOK_CONTROLS: ControlRoute[] = [
  control("POST /__emulator/webhook", async (ctx) => {
    const { url, verification_token: token, encrypt_key: key } = ctx.input;
    if (typeof url !== "string" || !/^https?:\/\//.test(url))
      return refuse(400, "webhook needs {url: http(s) URL, verification_token?, encrypt_key?}");
    if (!optionalText(token) || !optionalText(key))
      return refuse(400, "webhook verification_token and encrypt_key must be non-empty strings");
    try {
      await ctx.events.subscribe({
        url,
        ...(token === undefined ? {} : { verificationToken: token }),
        ...(key === undefined ? {} : { encryptKey: key }),
      });
    } catch (error) {
      if (error instanceof HandshakeError) return refuse(409, error.message);
      throw error;
    }
    return ok(ctx.events.view());
  }),
  control("GET /__emulator/webhook", (ctx) => ok(ctx.events.view())),
  control("DELETE /__emulator/webhook", (ctx) => {
    ctx.events.unsubscribe();
    return ok(ctx.events.view());
  }),
  control("PUT /__emulator/webhook/time-scale", (ctx) => {
    const scale = ctx.input.scale;
    if (typeof scale !== "number" || !(scale > 0))
      return refuse(400, "webhook time-scale needs {scale: a number above 0}");
    ctx.events.rescale(scale);
    return ok({ scale });
  }),
];
