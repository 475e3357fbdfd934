// @ts-check
// The per-user cache the project's scripts install tools into (the Pulumi CLI, Node builds),
// outside the repo: one directory per tool version, made in a temp dir and renamed into place
// under a directory lock, so an interrupted or concurrent run never leaves or reads a half entry.
// Plain CommonJS with node:* only: it runs before the TypeScript build and under any Node.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const LOCK_STALE_MS = 60 * 60 * 1000;

/** @returns {string} ~/.cache/pulumi-feishu-vc, or under $XDG_CACHE_HOME when that is absolute. */
function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-feishu-vc");
}

/** @param {string} file */
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds an executable on PATH.
 * @param {string} name
 * @returns {string | undefined}
 */
function which(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** @param {number} ms */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}

/**
 * Takes a directory lock (mkdir is atomic). Waits for another builder; breaks the lock only if its
 * owner is gone or it is older than an hour. Returns false if `done()` became true while waiting.
 * @param {string} lockDir
 * @param {() => boolean} done
 * @param {(message: string) => void} log
 */
function acquireLock(lockDir, done, log) {
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), `${process.pid}\n`);
      return true;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    }
    if (done()) return false;
    let owner = 0;
    let age = 0;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8").trim());
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      // The owner is between mkdir and writing its pid, or just released the lock.
    }
    if ((owner > 0 && !isAlive(owner)) || age > LOCK_STALE_MS) {
      log(`removing stale lock ${lockDir}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`waiting for another install (lock ${lockDir}, pid ${owner || "?"})`);
      announced = true;
    }
    sleep(1000);
  }
}

/**
 * Makes `<cacheRoot>/<name>` once: `fill(tmpDir)` writes the entry into a temp dir that is then
 * renamed into place, all under `<name>.lock`. Returns the entry's path.
 * @param {string} name
 * @param {(dir: string) => boolean} isComplete
 * @param {(tmpDir: string) => void} fill
 * @param {(message: string) => void} log
 */
function makeEntry(name, isComplete, fill, log) {
  const root = cacheRoot();
  const finalDir = path.join(root, name);
  if (isComplete(finalDir)) return finalDir;
  fs.mkdirSync(root, { recursive: true });
  const lockDir = path.join(root, `${name}.lock`);
  if (!acquireLock(lockDir, () => isComplete(finalDir), log)) return finalDir;
  try {
    if (isComplete(finalDir)) return finalDir;
    // Holding the lock, any temp dir of this entry is a leftover of an interrupted run.
    for (const entry of fs.readdirSync(root)) {
      if (entry.startsWith(`.${name}.tmp-`))
        fs.rmSync(path.join(root, entry), { recursive: true, force: true });
    }
    const tmpDir = fs.mkdtempSync(path.join(root, `.${name}.tmp-`));
    try {
      fill(tmpDir);
      // A leftover incomplete finalDir cannot come from us (rename is atomic), but clear it anyway.
      fs.rmSync(finalDir, { recursive: true, force: true });
      fs.chmodSync(tmpDir, 0o755);
      fs.renameSync(tmpDir, finalDir);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
  return finalDir;
}

class UsageError extends Error {}

module.exports = { UsageError, cacheRoot, isExecutable, makeEntry, which };
