/**
 * A tiny node:http stand-in for the service, for client unit tests of families the emulator does
 * not serve yet: it records every request and answers with what the test scripts per endpoint.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

/** An answer: an HTTP status and a JSON body, or "drop" to close the connection unanswered. */
export type FakeAnswer = { status?: number; body: unknown } | "drop";

export interface FakeService {
  url: string;
  /** Requests to VC endpoints (the token endpoint is not recorded). */
  requests: RecordedRequest[];
  tokenRequests: number;
  /** Answers of `"METHOD /path"`, used in order; the last one repeats. */
  script(key: string, ...answers: FakeAnswer[]): void;
  close(): Promise<void>;
}

export const FAKE_TENANT_TOKEN = "t-fake0tenant0token0000000000000000";

export async function startFakeService(): Promise<FakeService> {
  const scripts = new Map<string, FakeAnswer[]>();
  const service: Omit<FakeService, "url" | "close"> & { tokenRequests: number } = {
    requests: [],
    tokenRequests: 0,
    script: (key, ...answers) => void scripts.set(key, answers),
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/json", "x-tt-logid": "fake-log" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/open-apis/auth/v3/tenant_access_token/internal") {
        service.tokenRequests += 1;
        send(200, { code: 0, msg: "ok", tenant_access_token: FAKE_TENANT_TOKEN, expire: 7200 });
        return;
      }
      service.requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body: text === "" ? undefined : (JSON.parse(text) as unknown),
      });
      const queue = scripts.get(`${req.method ?? ""} ${url.pathname}`);
      const answer = queue === undefined ? undefined : queue.length > 1 ? queue.shift() : queue[0];
      if (answer === "drop") {
        req.socket.destroy();
        return;
      }
      send(answer?.status ?? 200, answer?.body ?? { code: 0, msg: "success", data: {} });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...service,
    get tokenRequests() {
      return service.tokenRequests;
    },
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
