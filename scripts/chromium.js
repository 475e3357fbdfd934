#!/usr/bin/env node
// @ts-check
// Makes sure Debian's Chromium is installed at /usr/bin/chromium, for the test that opens the
// usage report page in a headless browser (tests/cli/usage-page.test.ts). Prints its path.
//
// Present: nothing to do. Missing and running as root (CI on a fresh machine): installs the
// `chromium` package with apt-get. Missing otherwise: exits 1 with the command to run.
//
// Plain CommonJS with node:* only, like scripts/node-bin.js: `npm test` runs it before jest.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

const CHROMIUM = "/usr/bin/chromium";

/** @param {string} message */
function log(message) {
  process.stderr.write(`chromium: ${message}\n`);
}

/** @returns {boolean} */
function isInstalled() {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string[]} args
 * @returns {boolean} whether apt-get succeeded
 */
function aptGet(args) {
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

/** Installs Chromium when needed; returns its path or throws with what to do. */
function ensureChromium() {
  if (isInstalled()) return CHROMIUM;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${CHROMIUM} is missing; install Debian's Chromium: sudo apt-get install -y --no-install-recommends chromium`,
    );
  }
  log("installing Debian's chromium package (apt-get)");
  // A fresh machine may have no package lists yet: update once and retry.
  const packageArgs = ["install", "-y", "--no-install-recommends", "chromium"];
  if (!aptGet(packageArgs) && !(aptGet(["update"]) && aptGet(packageArgs))) {
    throw new Error("apt-get could not install chromium");
  }
  if (!isInstalled()) throw new Error(`apt-get finished but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

module.exports = { CHROMIUM, ensureChromium };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
