/* eslint-disable @typescript-eslint/no-require-imports -- the loader runs from state text in the
   provider process and must load the implementation with a `require` made there, at call time. */
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createRequire } from "node:module";
import * as path from "node:path";

/** The resource kinds this package provides; also the last part of each Pulumi type token. */
export type ResourceKind = "RoomLevel" | "Room" | "ScopeConfig" | "Reservation";

/** Pulumi module of every type token: `pulumi-nodejs:dynamic/feishu-vc:<Kind>`. Fixed forever. */
export const PULUMI_MODULE = "feishu-vc";

/** What the package entry point exposes for the loader (see `provider/index.ts`). */
export interface ProviderImplementations {
  readonly [kind: string]: dynamic.ResourceProvider;
}

/** The package entry point as the loader sees it. */
type Loaded = { __feishuVcProviders?: ProviderImplementations };

/**
 * The text Pulumi's dynamic provider evaluates for a resource (`__provider` in its inputs and
 * outputs): a CommonJS module whose `handler()` returns the kind's provider.
 */
export type ProviderModuleText = string & { readonly __providerModuleText: true };

/**
 * Runs in the provider process, from state: its source text is copied into every resource's
 * `__provider`, so it must capture nothing (it gets `kind` and `checkoutEntry` as arguments and
 * uses only globals) and must carry no comment inside its body. It loads `pulumi-feishu-vc` by
 * name from the program directory (the provider process's working directory), and only when the
 * program runs inside a checkout of this repository without the package installed (engine test
 * programs have their own package.json, so Node's self-reference does not apply) from the
 * checkout-relative `checkoutEntry`. Its errors carry the package's error brand
 * (`Symbol.for("pulumi-feishu-vc.error")`, see client/errors.ts), never a bare `Error`.
 *
 * Exported for the unit test only.
 */
const loadProvider = function (kind: string, entry?: string): dynamic.ResourceProvider {
  let provider;
  let cause = "none";
  try {
    provider = (
      (require("node:module") as { createRequire: typeof createRequire }).createRequire(
        `${process.cwd()}/`,
      )(entry ?? "pulumi-feishu-vc") as Loaded
    ).__feishuVcProviders?.[kind];
  } catch (error) {
    cause = String(error);
  }
  if (provider) return provider;
  throw Object.assign(new Error(`[feishu-vc] cannot load the ${kind} provider: ${cause}`), {
    name: "FeishuVcProviderLoadError",
    [Symbol.for("pulumi-feishu-vc.error")]: true,
  });
};

/**
 * Where the loader finds the implementation when the package cannot be required by name from the
 * program directory: only for a program inside a checkout of this repository, a path relative to
 * that directory. `undefined` when the package resolves by name, so the state of an installed
 * package holds no path at all.
 */
function checkoutEntry(): string | undefined {
  try {
    // Resolve as the program directory would (createRequire of a file there), not as this module
    // would: from inside this package, Node's self-reference would always succeed.
    createRequire(path.join(process.cwd(), "index.js")).resolve("pulumi-feishu-vc");
    return undefined;
  } catch {
    const relative = path
      .relative(process.cwd(), path.resolve(__dirname, "..", "index.js"))
      .split(path.sep)
      .join("/");
    return relative.startsWith(".") ? relative : `./${relative}`;
  }
}

const texts = new Map<ResourceKind, ProviderModuleText>();

/**
 * The serialized provider of a kind: `exports.handler = function (kind) {...}.bind(null, "Room")`, a few
 * hundred bytes instead of a closure of forwarding functions (Pulumi's closure serializer wraps
 * every captured function in ~170 bytes of scaffolding). Why a loader rather than the
 * implementation:
 * - state stays small, whatever the implementation grows to;
 * - the implementation is loaded once per provider process by `require`, so every resource of a
 *   run shares one client, one token cache and one rate limiter (the dynamic provider also caches
 *   `handler()` per text);
 * - it captures no path of the machine that wrote it (see `checkoutEntry`), so a state written in
 *   one directory can be refreshed and destroyed from another.
 * Configuration is never captured: `configure` receives it from the engine. The text depends only
 * on the kind and the compiled loader, so it is computed once per kind.
 */
export function providerShim(kind: ResourceKind): ProviderModuleText {
  const cached = texts.get(kind);
  if (cached !== undefined) return cached;
  const text = providerModuleText(kind, checkoutEntry());
  texts.set(kind, text);
  return text;
}

/** The module text for a kind and an optional checkout-relative entry (exported for tests). */
export function providerModuleText(kind: string, entry?: string): ProviderModuleText {
  const args = [kind, ...(entry === undefined ? [] : [entry])].map((a) => JSON.stringify(a));
  // One line: the compiled body ends every statement with `;` or a brace and has no comment, so
  // line breaks and indentation are whitespace only (the unit test runs the text).
  const loader = loadProvider.toString().replace(/\s*\n\s*/g, " ");
  return `exports.handler = ${loader}.bind(null, ${args.join(", ")});` as ProviderModuleText;
}

/**
 * Base of the package's resources: what `pulumi.dynamic.Resource` does (type token
 * `pulumi-nodejs:dynamic/<module>:<type>`, the provider text in `__provider`), with the text given
 * instead of serialized from a provider object, which would serialize every method separately.
 * The dynamic provider host only evaluates the text and calls `handler()`.
 */
export abstract class FeishuVcResource extends pulumi.CustomResource {
  constructor(
    provider: ProviderModuleText,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions | undefined,
    module: typeof PULUMI_MODULE,
    type: ResourceKind,
  ) {
    // Set on the caller's fresh object, as pulumi.dynamic.Resource does: no copy per resource.
    props["__provider"] = provider;
    super(`pulumi-nodejs:dynamic/${module}:${type}`, name, props, opts);
  }
}
