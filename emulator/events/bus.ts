/**
 * Event delivery to the app's one webhook subscriber (reference 2.6, 2.6.1): a v2 envelope per
 * state change, POSTed asynchronously (never on the API request's path), at least once: an
 * attempt that is not answered 200 within 3 s is retried after 15 s, 5 min, 1 h and 6 h (divided
 * by the time scale), with the same event_id. Pending deliveries live in memory only: they do not
 * survive an emulator restart.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sealRequest } from "./crypto";

/** Reference 2.6.1: the receiver has 3 s to answer 200 (not scaled: it bounds a real socket). */
const DELIVERY_TIMEOUT_MS = 3000;
/** Reference 2.6.1: the challenge must be echoed within 1 s. */
const HANDSHAKE_TIMEOUT_MS = 1000;
/** Reference 2.6.1: retries after 15 s, 5 min, 1 h and 6 h (at most 4). */
const RETRY_DELAYS_MS = [15_000, 300_000, 3_600_000, 21_600_000] as const;

/** A state change's event: one call from wherever the change happens. */
export type PublishEvent = (eventType: string, event: Record<string, unknown>) => void;

export interface SubscriberSettings {
  url: string;
  verificationToken?: string;
  encryptKey?: string;
}

interface Delivery {
  eventId: string;
  eventType: string;
  createTime: string;
  event: Record<string, unknown>;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt?: number;
  timer?: NodeJS.Timeout;
  lastError?: string;
}

/** Why a subscription was refused: the control endpoint's one-line error. */
export class HandshakeError extends Error {}

export class EventBus {
  private subscriber: SubscriberSettings | undefined;
  private readonly pending = new Map<string, Delivery>();
  private delivered = 0;
  private failedAttempts = 0;
  private givenUp = 0;

  constructor(
    private readonly appId: string,
    private readonly tenantKey: string,
    private timeScale = 1,
  ) {}

  /** Publishes an event (dropped when nobody subscribes, as the platform sends nothing then). */
  readonly publish: PublishEvent = (eventType, event) => {
    if (this.subscriber === undefined) return;
    const delivery: Delivery = {
      // Guess: the platform's event ids are 32 hex characters; nothing should parse them.
      eventId: randomBytes(16).toString("hex"),
      eventType,
      createTime: String(Date.now()),
      event,
      attempts: 0,
    };
    this.pending.set(delivery.eventId, delivery);
    // Asynchronous: the API answer is never held up by a subscriber.
    this.schedule(delivery, 0);
  };

  /**
   * Registers (or replaces) the subscriber after the URL-verification handshake: the URL must
   * echo the challenge within 1 s, else it is refused and the previous subscriber stays.
   */
  async subscribe(settings: SubscriberSettings): Promise<void> {
    const challenge = randomUUID();
    const request = sealRequest(
      { challenge, token: settings.verificationToken ?? "", type: "url_verification" },
      settings.encryptKey,
    );
    let answer: Response;
    try {
      answer = await fetch(settings.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS),
      });
    } catch (error) {
      throw new HandshakeError(`url verification failed: ${settings.url}: ${reason(error)}`);
    }
    const text = await answer.text().catch(() => "");
    if (answer.status !== 200)
      throw new HandshakeError(
        `url verification failed: ${settings.url} answered HTTP ${answer.status}`,
      );
    let echoed: unknown;
    try {
      echoed = (JSON.parse(text) as { challenge?: unknown }).challenge;
    } catch {
      echoed = undefined;
    }
    if (echoed !== challenge)
      throw new HandshakeError(
        `url verification failed: ${settings.url} did not answer {"challenge": <the challenge sent>}`,
      );
    this.subscriber = { ...settings };
  }

  /** Removes the subscriber and forgets every pending delivery. */
  unsubscribe(): void {
    this.subscriber = undefined;
    for (const delivery of this.pending.values()) clearTimeout(delivery.timer);
    this.pending.clear();
  }

  /** Divides the retry delays; already scheduled retries keep their time. */
  rescale(scale: number): void {
    this.timeScale = scale;
  }

  /** What the control endpoint shows (never the token or the key). */
  view(): Record<string, unknown> {
    return {
      subscriber:
        this.subscriber === undefined
          ? null
          : {
              url: this.subscriber.url,
              verification_token: this.subscriber.verificationToken !== undefined,
              encrypted: this.subscriber.encryptKey !== undefined,
            },
      time_scale: this.timeScale,
      delivered: this.delivered,
      failed_attempts: this.failedAttempts,
      given_up: this.givenUp,
      pending: [...this.pending.values()].map((d) => ({
        event_id: d.eventId,
        event_type: d.eventType,
        attempts: d.attempts,
        ...(d.nextAttemptAt === undefined
          ? {}
          : { next_attempt_in_ms: Math.max(0, d.nextAttemptAt - Date.now()) }),
        ...(d.lastError === undefined ? {} : { last_error: d.lastError }),
      })),
    };
  }

  close(): void {
    for (const delivery of this.pending.values()) clearTimeout(delivery.timer);
  }

  private schedule(delivery: Delivery, delayMs: number): void {
    delivery.nextAttemptAt = Date.now() + delayMs;
    delivery.timer = setTimeout(() => void this.attempt(delivery), delayMs);
    // Pending deliveries never keep a process alive on their own.
    delivery.timer.unref();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const subscriber = this.subscriber;
    if (subscriber === undefined || !this.pending.has(delivery.eventId)) return;
    delivery.attempts += 1;
    delivery.nextAttemptAt = undefined;
    const request = sealRequest(
      {
        schema: "2.0",
        header: {
          event_id: delivery.eventId,
          event_type: delivery.eventType,
          create_time: delivery.createTime,
          token: subscriber.verificationToken ?? "",
          app_id: this.appId,
          tenant_key: this.tenantKey,
        },
        event: delivery.event,
      },
      subscriber.encryptKey,
    );
    let outcome: string;
    try {
      const answer = await fetch(subscriber.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await answer.arrayBuffer().catch(() => undefined);
      outcome = answer.status === 200 ? "ok" : `HTTP ${answer.status}`;
    } catch (error) {
      outcome = reason(error);
    }
    if (!this.pending.has(delivery.eventId)) return;
    if (outcome === "ok") {
      this.delivered += 1;
      this.pending.delete(delivery.eventId);
      return;
    }
    this.failedAttempts += 1;
    delivery.lastError = outcome;
    const retry = RETRY_DELAYS_MS[delivery.attempts - 1];
    if (retry === undefined) {
      this.givenUp += 1;
      this.pending.delete(delivery.eventId);
      return;
    }
    this.schedule(delivery, retry / this.timeScale);
  }
}

/** A short reason for a failed attempt. Duck-typed: fetch's errors may come from another realm. */
function reason(error: unknown): string {
  const failure = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    cause?: { code?: unknown };
  };
  if (failure.name === "TimeoutError" || failure.name === "AbortError") return "no answer in time";
  if (typeof failure.cause?.code === "string") return failure.cause.code;
  return typeof failure.message === "string" ? failure.message : String(error);
}
