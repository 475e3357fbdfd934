/**
 * The plan's bookings source over real HTTP (a real client against a scripted server): a refusal
 * (403/121005) and a failed export task become one-line reasons the plan prints, not errors.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "../../provider/client";
import { reservationSource } from "../../provider/cli/plan-bookings-source";
import { BookingsUnavailableError, type BookingQuery } from "../../provider/review/plan-bookings";

type Answer = { status: number; body: unknown };

/** A server answering the token call, then `answer` for every VC call; records the paths. */
async function scriptedServer(
  answer: (method: string, path: string) => Answer,
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0]!;
      const { status, body } = path.startsWith("/open-apis/auth/")
        ? { status: 200, body: { code: 0, msg: "ok", tenant_access_token: "t-x", expire: 7200 } }
        : (paths.push(`${req.method} ${path}`), answer(req.method ?? "", path));
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const query: BookingQuery = {
  roomLevelId: "omb_f1",
  roomIds: ["omm_1"],
  startTime: new Date(Date.now() - 86_400_000),
  endTime: new Date(Date.now() + 30 * 86_400_000),
};

async function reasonFrom(answer: (method: string, path: string) => Answer): Promise<unknown> {
  const server = await scriptedServer(answer);
  try {
    const client = createClient({ appId: "cli_a", appSecret: "s3cret", baseUrl: server.url });
    const source = reservationSource(client);
    return await source.bookings(query, new AbortController().signal).then(
      () => "resolved",
      (error: unknown) => error,
    );
  } finally {
    await server.close();
  }
}

it("turns 403/121005 into a reason naming the refusal", async () => {
  const error = await reasonFrom(() => ({
    status: 403,
    body: { code: 121005, msg: "no permission" },
  }));
  expect(error).toBeInstanceOf(BookingsUnavailableError);
  expect((error as Error).message).toBe(
    "the app may not export room bookings (HTTP 403/121005 no permission)",
  );
});

it("turns a failed export task into a reason carrying its fail_msg", async () => {
  const error = await reasonFrom((method) =>
    method === "POST"
      ? { status: 200, body: { code: 0, msg: "ok", data: { task_id: "7001" } } }
      : {
          status: 200,
          body: { code: 0, msg: "ok", data: { status: 2, fail_msg: "quota used up" } },
        },
  );
  expect(error).toBeInstanceOf(BookingsUnavailableError);
  expect((error as Error).message).toBe("the reservation export task failed: quota used up");
});
