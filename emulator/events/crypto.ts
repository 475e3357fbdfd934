/**
 * The platform's event encryption and signature (reference 2.6.1): AES-256-CBC keyed by the
 * SHA-256 of the Encrypt Key, a random IV prefixed to the ciphertext, base64; the signature is the
 * hex SHA-256 of timestamp + nonce + Encrypt Key + raw body.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";

/** The `encrypt` value of an encrypted body: base64(IV ‖ AES-256-CBC(plaintext)), PKCS#7 padded. */
function encryptBody(plaintext: string, encryptKey: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

function signature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + body)
    .digest("hex");
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The body and headers of one POST to the subscriber. Each attempt is sealed anew (fresh IV,
 * timestamp and nonce) so a retry is not a stale replay; the event_id inside stays the same.
 * Guess (not documented): timestamp and nonce are sent on every request, the signature only with
 * an Encrypt Key (the SDK checks it only then).
 */
export function sealRequest(payload: unknown, encryptKey: string | undefined): SignedRequest {
  const plain = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString("hex");
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
  };
  if (encryptKey === undefined || encryptKey === "") return { body: plain, headers };
  // JSON.stringify of {encrypt} is what the SDK re-serializes before checking the signature.
  const body = JSON.stringify({ encrypt: encryptBody(plain, encryptKey) });
  headers["x-lark-signature"] = signature(timestamp, nonce, encryptKey, body);
  return { body, headers };
}
