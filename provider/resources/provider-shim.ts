/* eslint-disable @typescript-eslint/no-require-imports -- the shim is serialized into state and must
   load the implementation with the provider process's own `require`, at call time. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createRequire } from "node:module";
import * as path from "node:path";

/** The resource kinds this package provides; also the last part of each Pulumi type token. */
export type ResourceKind = "RoomLevel" | "Room" | "ScopeConfig" | "Reservation";

/** Pulumi module of every type token: `pulumi-nodejs:dynamic/feishu-vc:<Kind>`. Fixed forever. */
export const PULUMI_MODULE = "feishu-vc";

/** What the package entry point exposes for the shim (see `provider/index.ts`). */
export interface ProviderImplementations {
  readonly [kind: string]: dynamic.ResourceProvider;
}

const shims = new Map<ResourceKind, dynamic.ResourceProvider>();

/**
 * Where the shim finds the implementation when the package cannot be required by name: only for
 * a program inside a checkout of this repository (e.g. the root Pulumi.yaml), a path relative to
 * the program directory, which is the provider process's working directory. `undefined` when the
 * package is installed, so the state holds no path of this machine at all.
 */
function checkoutEntryPath(): string | undefined {
  try {
    // Resolve as the program directory would (createRequire of a file there), not as this module
    // would: from inside this package, Node's self-reference would always succeed.
    createRequire(path.join(process.cwd(), "index.js")).resolve("pulumi-feishu-vc");
    return undefined;
  } catch {
    return path.relative(process.cwd(), path.resolve(__dirname, "..", "index.js"));
  }
}

/**
 * The provider object Pulumi serializes into every resource's state (`__provider`).
 *
 * It is a few hundred bytes of forwarding functions instead of the implementation, because:
 * - state stays small, whatever the implementation grows to;
 * - the implementation is loaded once per provider process by `require`, so every resource of a
 *   run shares one client, one token cache and one rate limiter;
 * - it captures no path of the machine that wrote it: `pulumi-feishu-vc` is resolved by package
 *   name from the program directory, and only when the program runs inside a checkout of this
 *   repository (no installed package) by a path relative to that directory. A state written in
 *   one checkout can be refreshed and destroyed from another.
 * Configuration is never captured: `configure` receives it from the engine.
 */
export function providerShim(kind: ResourceKind): dynamic.ResourceProvider {
  const cached = shims.get(kind);
  if (cached !== undefined) return cached;

  const checkoutEntry = checkoutEntryPath();

  const implementation = (): dynamic.ResourceProvider => {
    let loaded: { __feishuVcProviders?: ProviderImplementations } | undefined;
    // The provider process runs in the program directory; `require` here is the launcher's own,
    // so the package is resolved from the program directory explicitly.
    const nodePath = require("node:path") as typeof path;
    const nodeModule = require("node:module") as { createRequire: typeof createRequire };
    const fromProgram = nodeModule.createRequire(nodePath.join(process.cwd(), "index.js"));
    try {
      loaded = fromProgram("pulumi-feishu-vc") as typeof loaded;
    } catch (error) {
      if (!String(error).includes("pulumi-feishu-vc") || checkoutEntry === undefined) throw error;
      const entry = nodePath.resolve(checkoutEntry);
      try {
        loaded = require(entry) as typeof loaded;
      } catch {
        throw new Error(
          "[feishu-vc] cannot load the provider implementation: install it next to the Pulumi program " +
            "(`npm install pulumi-feishu-vc`) and run the command from the program directory.",
        );
      }
    }
    const provider = loaded?.__feishuVcProviders?.[kind];
    if (provider === undefined)
      throw new Error(`[feishu-vc] this version has no provider for ${kind}`);
    return provider;
  };

  const shim: dynamic.ResourceProvider = {
    configure: (req) => implementation().configure?.(req) ?? Promise.resolve(),
    check: (olds: unknown, news: unknown) => implementation().check!(olds, news),
    diff: (id: string, olds: unknown, news: unknown) => implementation().diff!(id, olds, news),
    create: (inputs: unknown) => implementation().create(inputs),
    read: (id: string, props: unknown) => implementation().read!(id, props),
    update: (id: string, olds: unknown, news: unknown) => implementation().update!(id, olds, news),
    delete: (id: string, props: unknown) => implementation().delete!(id, props),
  };
  shims.set(kind, shim);
  return shim;
}
