import { inspect } from "node:util";
import {
  AuthError,
  ConfigError,
  ERROR_CODE_TABLE,
  FEISHU_CODES,
  FEISHU_VC_ERROR_BRAND,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  errorFromResponse,
  errorKindOf,
  isFeishuApiError,
  isFeishuVcError,
  type ErrorKind,
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

describe("violation arrays", () => {
  const secret = "violation-secret-value-42";
  registerSecret(secret);
  const error = errorFromResponse(
    400,
    {
      code: 99992402,
      msg: "field validation failed",
      error: {
        field_violations: [{ field: "device", value: secret, description: "must be a list" }],
        permission_violations: [{ type: "t", subject: `scope ${secret}` }],
      },
    },
    {},
    endpoint,
    "create room",
  );

  it("are stored with the echoed secret replaced, the rest kept", () => {
    expect(error.fieldViolations).toEqual([
      { field: "device", value: "[REDACTED]", description: "must be a list" },
    ]);
    expect(error.permissionViolations).toEqual([{ type: "t", subject: "scope [REDACTED]" }]);
  });

  it("cannot print the secret through util.inspect or JSON.stringify", () => {
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(inspect(error, { depth: 10 })).toContain("must be a list");
  });
});

describe("the code table", () => {
  const classOf: Record<ErrorKind, new (...args: never[]) => Error> = {
    auth: AuthError,
    credentials: AuthError,
    permission: PermissionError,
    "rate-limit": RateLimitError,
    "not-found": NotFoundError,
    server: ServerError,
    invalid: InvalidRequestError,
  };

  it.each(Object.entries(ERROR_CODE_TABLE))("%s becomes the class of its kind", (_name, row) => {
    const error = errorFromResponse(400, { code: row.code, msg: "m" }, {}, endpoint, "call");
    expect(error).toBeInstanceOf(classOf[row.kind]);
    expect(errorKindOf(row.code)).toBe(row.kind);
  });

  it("holds each code once, and names it by the same number in FEISHU_CODES", () => {
    const codes = Object.values(ERROR_CODE_TABLE).map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(FEISHU_CODES.DATA_NOT_EXIST).toBe(121004);
    expect(FEISHU_CODES.INVALID_TENANT_TOKEN).toBe(99991663);
    expect(Object.keys(FEISHU_CODES)).toEqual(Object.keys(ERROR_CODE_TABLE));
  });

  it("names the config keys to check when the app secret is refused", () => {
    const error = errorFromResponse(
      400,
      { code: 10014, msg: "app secret invalid" },
      {},
      endpoint,
      "x",
    );
    expect(error.message).toContain("Check feishu-vc:appId and feishu-vc:appSecret");
  });

  it("treats an unknown code as an invalid request, and a code-less 5xx as a server error", () => {
    expect(errorFromResponse(400, { code: 4242, msg: "m" }, {}, endpoint, "x")).toBeInstanceOf(
      InvalidRequestError,
    );
    expect(errorFromResponse(502, {}, {}, endpoint, "x")).toBeInstanceOf(ServerError);
  });
});

describe("the brand", () => {
  it("is recognised on any error carrying it, and only there", () => {
    const foreign = Object.assign(new Error("layout"), { [FEISHU_VC_ERROR_BRAND]: true as const });
    expect(isFeishuVcError(foreign)).toBe(true);
    expect(isFeishuApiError(foreign)).toBe(false);
    expect(isFeishuVcError(new Error("plain"))).toBe(false);
    expect(isFeishuVcError({ [FEISHU_VC_ERROR_BRAND]: true })).toBe(false);
    expect(isFeishuVcError(new ConfigError("x"))).toBe(true);
    expect(FEISHU_VC_ERROR_BRAND).toBe(Symbol.for("pulumi-feishu-vc.error"));
  });
});
