import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  errorFromResponse,
  isFeishuVcError,
} from "../../../provider/client";
import { registerSecret } from "../../../provider/client/redact";

const endpoint = "POST /open-apis/vc/v1/rooms";

describe("errorFromResponse", () => {
  it.each([
    [400, 99991663, AuthError],
    [400, 99991661, AuthError],
    [400, 99991672, PermissionError],
    [429, 99991400, RateLimitError],
    [400, 99991400, RateLimitError],
    [404, 121004, NotFoundError],
    [404, 121006, InvalidRequestError],
    [400, 99992402, InvalidRequestError],
    [500, 121001, ServerError],
  ])("HTTP %i code %i -> %p", (status, code, cls) => {
    const error = errorFromResponse(status, { code, msg: "m" }, {}, endpoint, "create room");
    expect(error).toBeInstanceOf(cls);
    expect(isFeishuVcError(error)).toBe(true);
  });

  it("decides from the body code, not the status: a 200 carrying 121004 is not found", () => {
    expect(
      errorFromResponse(200, { code: 121004, msg: "data not exist" }, {}, endpoint, "get room"),
    ).toBeInstanceOf(NotFoundError);
  });

  it("names what failed, the code, the status and the log id, and reads the reset header", () => {
    const error = errorFromResponse(
      429,
      { code: 99991400, msg: "request trigger frequency limit" },
      { "x-tt-logid": "202611240000abc", "x-ogw-ratelimit-reset": "3" },
      endpoint,
      "create room",
    ) as RateLimitError;
    expect(error.message).toContain(
      "[feishu-vc] create room failed: request trigger frequency limit (code 99991400, HTTP 429, log id 202611240000abc)",
    );
    expect(error.resetAfterMs).toBe(3000);
    expect(error.logId).toBe("202611240000abc");
  });

  it("never prints a registered secret or a token-shaped string", () => {
    registerSecret("super-secret-value-123");
    const error = errorFromResponse(
      400,
      { code: 121003, msg: "bad super-secret-value-123 Bearer t-abcdefabcdefabcdefabcdef" },
      {},
      endpoint,
      "create room",
    );
    expect(error.message).not.toContain("super-secret-value-123");
    expect(error.message).not.toContain("t-abcdefabcdefabcdefabcdef");
    expect(error.msg).not.toContain("super-secret-value-123");
  });
});
