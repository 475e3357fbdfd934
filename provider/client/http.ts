/**
 * The HTTP layer: one axios instance per client, and the translation of one HTTP exchange into
 * either the envelope's `data` or a typed error. No retries, tokens or pacing here (see client.ts).
 */
import type { Readable } from "node:stream";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import type { HttpMethod } from "./endpoints";
import { TransportError, errorFromResponse } from "./errors";

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
}

/** One request as the client sends it. */
export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
  token?: string;
  /** Endpoint key and action, for errors. */
  endpoint: string;
  action: string;
  /** Whether a lost answer means the service may have applied the call (writes). */
  isWrite: boolean;
}

/** A successful exchange: the parsed body and the headers (log id, rate-limit headers). */
export interface HttpResult {
  body: Record<string, unknown>;
  headers: Readonly<Record<string, unknown>>;
}

/** Arrays as repeated keys (`room_ids=a&room_ids=b`), as the SDK sends them (reference 1.2). */
function serializeQuery(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value])
      params.append(key, String(item));
  }
  return params.toString();
}

export function createHttp(options: HttpOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs,
    headers: { "User-Agent": options.userAgent },
    // Every status is read: Feishu puts the verdict in the body's `code` (reference 1.3).
    validateStatus: () => true,
    paramsSerializer: { serialize: serializeQuery },
    // Keep bodies as text so a non-JSON answer (a proxy page) becomes a clear error, not a crash.
    responseType: "text",
    transitional: { silentJSONParsing: true, forcedJSONParsing: false, clarifyTimeoutError: true },
  });
}

/**
 * Sends one request and returns the parsed envelope when `code` is 0. Throws FeishuApiError
 * subclasses for failures the service reported and TransportError when there is no usable answer.
 */
export async function send(http: AxiosInstance, request: HttpRequest): Promise<HttpResult> {
  const response = await exchange<string>(http, request, "text");
  return envelopeOf(response, request);
}

/** A successful binary answer: the body as a stream, and the headers. */
export interface HttpStreamResult {
  stream: Readable;
  headers: Readonly<Record<string, unknown>>;
}

/**
 * Sends one request whose success is a file (`exports/download`, reference 3.5: "binary file
 * stream (HTTP 200)") and returns the body unread, as a stream. A failure still comes as the JSON
 * envelope (a non-200 status, or a JSON content type): it is read whole and thrown as the same
 * typed errors as {@link send}.
 */
export async function sendForStream(
  http: AxiosInstance,
  request: HttpRequest,
): Promise<HttpStreamResult> {
  const response = await exchange<Readable>(http, request, "stream");
  const headers = response.headers as Readonly<Record<string, unknown>>;
  const contentType = typeof headers["content-type"] === "string" ? headers["content-type"] : "";
  if (response.status === 200 && !/json/i.test(contentType))
    return { stream: response.data, headers };
  const text = await readAll(response.data, request);
  envelopeOf({ ...response, data: text }, request);
  // A JSON envelope with code 0 where a file was expected: no file to hand back.
  throw new TransportError(
    request.endpoint,
    request.action,
    "malformed-response",
    `HTTP ${response.status}, a JSON answer where a file was expected`,
    request.isWrite,
  );
}

async function readAll(stream: Readable, request: HttpRequest): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  } catch (error) {
    throw new TransportError(
      request.endpoint,
      request.action,
      "network",
      error instanceof Error ? error.message : String(error),
      request.isWrite,
    );
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function exchange<T>(
  http: AxiosInstance,
  request: HttpRequest,
  responseType: "text" | "stream",
): Promise<AxiosResponse<T>> {
  try {
    return await http.request<T>({
      method: request.method,
      url: request.path,
      responseType,
      ...(request.query === undefined ? {} : { params: request.query }),
      ...(request.body === undefined
        ? {}
        : {
            data: JSON.stringify(request.body),
            headers: { "Content-Type": "application/json; charset=utf-8" },
          }),
      ...(request.token === undefined ? {} : { headers: withAuth(request) }),
    });
  } catch (error) {
    const timedOut =
      axios.isAxiosError(error) && (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED");
    const detail = axios.isAxiosError(error) ? (error.code ?? error.message) : String(error);
    // A connection refused before sending cannot have applied anything.
    const sent = !(axios.isAxiosError(error) && error.code === "ECONNREFUSED");
    throw new TransportError(
      request.endpoint,
      request.action,
      timedOut ? "timeout" : "network",
      detail,
      request.isWrite && sent,
    );
  }
}

/** The envelope of a text answer when its `code` is 0; the typed error otherwise. */
function envelopeOf(response: AxiosResponse<string>, request: HttpRequest): HttpResult {
  const headers = response.headers as Readonly<Record<string, unknown>>;
  const body = parseBody(response.data);
  if (body === undefined) {
    if (response.status >= 400)
      throw errorFromResponse(response.status, {}, headers, request.endpoint, request.action);
    throw new TransportError(
      request.endpoint,
      request.action,
      "malformed-response",
      `HTTP ${response.status}, body is not the JSON envelope`,
      request.isWrite,
    );
  }
  if (body.code !== 0) {
    throw errorFromResponse(response.status, body, headers, request.endpoint, request.action);
  }
  return { body, headers };
}

function withAuth(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${request.token ?? ""}` };
  if (request.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
  return headers;
}

function parseBody(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
