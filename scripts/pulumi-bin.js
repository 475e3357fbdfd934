#!/usr/bin/env node
// @ts-check
// Prints (as its last stdout line) a directory holding `pulumi`, `pulumi-language-nodejs` and
// `pulumi-resource-pulumi-nodejs`, ready to put on PATH (docs/pulumi-cli.md).
//
// 1. A `pulumi` on PATH at the pinned version or newer, with both plugins beside it, is used as is.
// 2. Otherwise the CLI is built once with Go from the module proxy, through the wrapper module
//    tools/pulumi-cli (versions pinned in its go.mod/go.sum), and cached per version outside the
//    repo. The build goes to a temp dir that is renamed into place, under a lock, so an
//    interrupted or concurrent run never leaves or reads a half cache.
//
// Plain CommonJS with node:* only: it runs before the TypeScript build. Progress goes to stderr.
"use strict";

const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { UsageError, cacheRoot, isExecutable, makeEntry, which } = require("./lib/tool-cache");

const REPO_ROOT = path.resolve(__dirname, "..");
const TOOLS_DIR = path.join(REPO_ROOT, "tools", "pulumi-cli");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const LAUNCHER = "pulumi-resource-pulumi-nodejs";
const BINARIES = ["pulumi", "pulumi-language-nodejs", LAUNCHER];

/** @param {string} message */
function log(message) {
  process.stderr.write(`pulumi-bin: ${message}\n`);
}

/**
 * The pinned CLI version: the sdk/v3 requirement of the wrapper module (e.g. "3.276.0").
 * @returns {string}
 */
function pinnedVersion() {
  const goMod = fs.readFileSync(path.join(TOOLS_DIR, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)\b/.exec(goMod);
  if (!match || !match[1])
    throw new Error(`no github.com/pulumi/pulumi/pkg/v3 requirement in ${TOOLS_DIR}/go.mod`);
  return match[1];
}

/**
 * @param {string} version "3.276.0" or "v3.276.0"
 * @returns {[number, number, number] | undefined}
 */
function parseVersion(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * Same major version and not older than the pinned one.
 * @param {string} found
 * @param {string} pinned
 */
function isCompatible(found, pinned) {
  const a = parseVersion(found);
  const b = parseVersion(pinned);
  if (!a || !b || a[0] !== b[0]) return false;
  if (a[1] !== b[1]) return a[1] > b[1];
  return a[2] >= b[2];
}

/**
 * Runs a command and returns its trimmed stdout, or undefined if it fails.
 * @param {string} command
 * @param {string[]} args
 */
function output(command, args) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The directory of a compatible `pulumi` on PATH with both plugins beside it, if any.
 * @param {string} pinned
 * @returns {string | undefined}
 */
function fromPath(pinned) {
  const pulumi = which("pulumi");
  if (!pulumi) return undefined;
  const dir = path.dirname(fs.realpathSync(pulumi));
  const version = output(pulumi, ["version"]);
  if (!version || !isCompatible(version, pinned)) {
    log(`ignoring ${pulumi} (version ${version ?? "unknown"}; need v${pinned} or a newer v3)`);
    return undefined;
  }
  const missing = BINARIES.filter((name) => !isExecutable(path.join(dir, name)));
  if (missing.length > 0) {
    log(`ignoring ${pulumi} ${version}: ${missing.join(", ")} not beside it in ${dir}`);
    return undefined;
  }
  log(`using ${pulumi} ${version}`);
  return dir;
}

/**
 * A short hash of everything the build reads from the repo, so editing the wrapper module or the
 * launcher gives a new cache entry instead of a stale one.
 * @returns {string}
 */
function inputsHash() {
  const hash = createHash("sha256");
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        hash
          .update(path.relative(TOOLS_DIR, full))
          .update("\0")
          .update(fs.readFileSync(full))
          .update("\0");
      }
    }
  };
  walk(TOOLS_DIR);
  hash.update(launcherScript());
  return hash.digest("hex").slice(0, 12);
}

/**
 * The dynamic-provider launcher. @pulumi/pulumi ships the same logic as
 * node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs: it does not use its own location but
 * resolves `@pulumi/pulumi/cmd/dynamic-provider` from the working directory the engine gives it
 * (the program's directory), so a copy outside the repo works; NODE_PATH is the fallback for
 * programs whose directory has no node_modules above it. Unlike the shipped one it quotes "$@".
 * @returns {string}
 */
function launcherScript() {
  return [
    "#!/bin/sh",
    "# Dynamic-provider launcher, written by scripts/pulumi-bin.js (pulumi-feishu-vc).",
    "script=$(node -e \"console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))\") || {",
    '  echo "pulumi-resource-pulumi-nodejs: cannot resolve @pulumi/pulumi from $(pwd); run npm install or set NODE_PATH" >&2',
    "  exit 1",
    "}",
    'exec node "$script" "$@"',
    "",
  ].join("\n");
}

/** @returns {string | undefined} */
function findGo() {
  // PULUMI_FEISHU_VC_GO names the go binary to use; set to "" it means "no Go" (used by tests).
  const override = process.env.PULUMI_FEISHU_VC_GO;
  if (override !== undefined) return override && isExecutable(override) ? override : undefined;
  const onPath = which("go");
  if (onPath) return onPath;
  const goroot = process.env.GOROOT ? path.join(process.env.GOROOT, "bin", "go") : undefined;
  for (const candidate of [goroot, "/usr/local/go/bin/go"]) {
    if (candidate && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Builds the CLI and the language host into `dir`.
 * @param {string} go
 * @param {string} dir
 * @param {string} version
 */
function build(go, dir, version) {
  const env = {
    ...process.env,
    CGO_ENABLED: "0",
    // go.sum is committed: fail rather than resolve anything new.
    GOFLAGS: "-mod=readonly -buildvcs=false",
  };
  const args = [
    "build",
    "-trimpath",
    "-ldflags",
    `-s -w -X ${VERSION_VAR}=v${version}`,
    "-o",
    dir + path.sep,
    CLI_PACKAGE,
    "./cmd/pulumi-language-nodejs",
  ];
  log(`building Pulumi CLI v${version} with ${go} (first time only; several minutes on 2 cores)`);
  log(
    `  (cd ${TOOLS_DIR} && go ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")})`,
  );
  const started = Date.now();
  const result = spawnSync(go, args, {
    cwd: TOOLS_DIR,
    env,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`go build failed with exit code ${result.status ?? result.signal}`);
  fs.writeFileSync(path.join(dir, LAUNCHER), launcherScript(), { mode: 0o755 });
  const printed = output(path.join(dir, "pulumi"), ["version"]);
  if (printed !== `v${version}`)
    throw new Error(`built pulumi prints version ${printed ?? "(none)"}, not v${version}`);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * @param {string} dir
 */
function isComplete(dir) {
  return BINARIES.every((name) => isExecutable(path.join(dir, name)));
}

/**
 * @param {string} pinned
 * @returns {string}
 */
function fromCache(pinned) {
  const name = `pulumi-v${pinned}-${inputsHash()}`;
  // `<entry>/bin` so that Automation API's PulumiCommand.get({ root: <entry> }) finds bin/pulumi.
  /** @param {string} entry */
  const hasBin = (entry) => isComplete(path.join(entry, "bin"));
  const go = findGo();
  if (!go && !hasBin(path.join(cacheRoot(), name))) {
    throw new UsageError(
      [
        `No Pulumi CLI v${pinned} or newer on PATH, and no Go toolchain to build one.`,
        "Either install the Pulumi CLI (https://www.pulumi.com/docs/install/, e.g.",
        "  curl -fsSL https://get.pulumi.com | sh   and add ~/.pulumi/bin to PATH),",
        "or install Go 1.26.6 or newer (https://go.dev/doc/install, or your package manager) and rerun",
        "  npm run --silent pulumi:bin",
        `which then builds v${pinned} once into ${path.join(cacheRoot(), name, "bin")}.`,
      ].join("\n"),
    );
  }
  const entry = makeEntry(
    name,
    hasBin,
    (tmpDir) => {
      fs.mkdirSync(path.join(tmpDir, "bin"));
      build(/** @type {string} */ (go), path.join(tmpDir, "bin"), pinned);
    },
    log,
  );
  return path.join(entry, "bin");
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(
      "usage: node scripts/pulumi-bin.js [--no-path]\n" +
        "Prints a directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.\n" +
        "  --no-path   ignore any pulumi on PATH and use (or build) the cached CLI\n",
    );
    return;
  }
  const pinned = pinnedVersion();
  const dir = (!argv.includes("--no-path") && fromPath(pinned)) || fromCache(pinned);
  process.stdout.write(`${dir}\n`);
}

try {
  main();
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`pulumi-bin: ${error.message}\n`);
  } else {
    process.stderr.write(
      `pulumi-bin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
}
