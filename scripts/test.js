#!/usr/bin/env node
// @ts-check
// `npm test`, the one test command (README "Run the tests"; .ci/run runs `npm ci && npm test`).
//
// Runs on one Node >= 22: the one on PATH if it is new enough, otherwise the newest build that
// scripts/node-bin.js installs, put first on PATH (so `node` in every child process, the Pulumi
// language host and the dynamic provider included, is that one). Then: typecheck, lint, build,
// the fast jest projects, the Pulumi CLI (scripts/pulumi-bin.js) and the engine project.
//
// With CI set (CI=true, as CI services and .ci/run set it) or --all-lines, the fast jest projects
// also run on every other supported Node line (scripts/node-bin.js); the engine project runs once.
//
// Plain CommonJS with node:* only: it starts under whatever Node is on PATH, possibly an old one.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { BUILDS, install } = require("./node-bin");

const REPO_ROOT = path.resolve(__dirname, "..");
const MIN_MAJOR = 22;
const FAST_PROJECTS = ["unit", "emulator", "client", "resources", "layout", "cli"];
const JEST = path.join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");

/** @param {string} message */
function log(message) {
  process.stderr.write(`\ntest: ${message}\n`);
}

/** @param {string} version e.g. "22.23.5" */
const majorOf = (version) => Number(version.split(".")[0]);

/**
 * Runs a step with inherited output; exits with its code if it fails.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function step(label, command, args, env = process.env) {
  log(label);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit", env });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    log(`${label}: failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  log(`${label}: ok in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** @param {string} binDir */
const withPath = (binDir) => ({
  ...process.env,
  PATH: [binDir, process.env.PATH ?? ""].join(path.delimiter),
});

function main() {
  const argv = process.argv.slice(2);
  const current = majorOf(process.versions.node);
  if (current < MIN_MAJOR) {
    const newest = BUILDS[BUILDS.length - 1];
    if (!newest) throw new Error("scripts/node-bin.js lists no Node build");
    log(`Node ${process.version} on PATH is older than ${MIN_MAJOR}: using Node ${newest.version}`);
    const binDir = install(newest);
    const result = spawnSync(path.join(binDir, "node"), [__filename, ...argv], {
      stdio: "inherit",
      env: withPath(binDir),
    });
    if (result.error) throw result.error;
    process.exit(result.status ?? 1);
  }
  const allLines = argv.includes("--all-lines") || (!!process.env.CI && process.env.CI !== "false");

  step("typecheck", "npm", ["run", "--silent", "typecheck"]);
  step("lint", "npm", ["run", "--silent", "lint"]);
  step("build", "npm", ["run", "--silent", "build"]);
  // The usage page test opens the report in Debian's Chromium (installed here when root).
  step("Chromium", process.execPath, [path.join(__dirname, "chromium.js")]);
  step(`fast projects on Node ${process.version}`, process.execPath, [
    JEST,
    "--selectProjects",
    ...FAST_PROJECTS,
  ]);
  if (allLines) {
    for (const build of BUILDS.filter((b) => b.line !== current)) {
      const binDir = install(build);
      step(
        `fast projects on Node v${build.version}`,
        path.join(binDir, "node"),
        [JEST, "--selectProjects", ...FAST_PROJECTS],
        withPath(binDir),
      );
    }
  }
  step("Pulumi CLI", process.execPath, [path.join(__dirname, "pulumi-bin.js")]);
  step(`engine project on Node ${process.version}`, process.execPath, [
    JEST,
    "--selectProjects",
    "engine",
    "--runInBand",
  ]);
}

main();
