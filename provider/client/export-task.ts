/**
 * Runs one export end to end (reference 3.5): checks the output path, creates the task, polls it
 * with backoff until done or failed, and downloads the file atomically: into a temp file in the
 * target directory, renamed into place only once complete, so an interrupted or dropped download
 * never leaves a half file where the caller expects the export.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type {
  ExportKind,
  ExportsApi,
  MeetingListExportParams,
  ParticipantListExportParams,
  ParticipantQualityListExportParams,
  ResourceReservationListExportParams,
} from "./api/exports";
import {
  EXPORT_DOWNLOAD_ATTEMPTS,
  EXPORT_POLL_INITIAL_MS,
  EXPORT_POLL_MAX_MS,
  EXPORT_TIMEOUT_MS,
} from "./constants";
import { ExportFailedError, ExportFileError, TransportError, isTransportError } from "./errors";

/** One export: its kind and the create parameters of that kind. */
export type ExportRequest =
  | { kind: "meeting_list"; params: MeetingListExportParams }
  | { kind: "participant_list"; params: ParticipantListExportParams }
  | { kind: "participant_quality_list"; params: ParticipantQualityListExportParams }
  | { kind: "resource_reservation_list"; params: ResourceReservationListExportParams };

/** What a client needs to run exports. `FeishuVcClient` is one. */
export interface ExportClient {
  readonly exports: ExportsApi;
}

/** Where an export stands, for progress output. */
export interface ExportProgress {
  kind: ExportKind;
  /** creating the task, waiting for it, downloading its file, done (file in place). */
  phase: "creating" | "processing" | "downloading" | "done";
  taskId?: string;
  /** Since `runExport` was called. */
  elapsedMs: number;
  /** Task polls so far. */
  polls: number;
  /** Bytes of the file written so far. */
  bytes: number;
}

/** Options of {@link runExport}. */
export interface RunExportOptions {
  /** The file to write (its directory must exist). */
  outFile: string;
  /** Replace `outFile` if it exists; without it an existing file is refused before any call. */
  force?: boolean;
  onProgress?: (progress: ExportProgress) => void;
  /** Stops polling or downloading; the temp file is removed. */
  signal?: AbortSignal;
  /** Longest time the task may take before the helper gives up; default 15 minutes. */
  timeoutMs?: number;
}

/** What {@link runExport} wrote. */
export interface ExportResult {
  /** Absolute path of the file. */
  file: string;
  bytes: number;
}

const DOWNLOAD_KEY = "GET /open-apis/vc/v1/exports/download";
const DOWNLOAD_ACTION = "download export file";

/**
 * Creates the export task, waits for it (polls 250 ms apart, doubling to 5 s), and writes its
 * file to `options.outFile` atomically. Refuses, before any call, a missing directory and an
 * existing file (unless `force`); bad parameters are refused by the create, before sending. A
 * failed task throws {@link ExportFailedError} with the service's `fail_msg`; a download dropped
 * mid-file is asked again (3 attempts in all). Nothing is left at `outFile` unless it succeeded.
 */
export async function runExport(
  client: ExportClient,
  request: ExportRequest,
  options: RunExportOptions,
): Promise<ExportResult> {
  const started = Date.now();
  const file = checkExportOutFile(options.outFile, options.force === true);
  let polls = 0;
  let bytes = 0;
  const task: { id?: string } = {};
  const report = (phase: ExportProgress["phase"]): void =>
    options.onProgress?.({
      kind: request.kind,
      phase,
      ...(task.id === undefined ? {} : { taskId: task.id }),
      elapsedMs: Date.now() - started,
      polls,
      bytes,
    });

  report("creating");
  const taskId = await createTask(client.exports, request);
  task.id = taskId;
  const action = `export ${request.kind}`;
  const timeoutMs = options.timeoutMs ?? EXPORT_TIMEOUT_MS;
  let waitMs = EXPORT_POLL_INITIAL_MS;
  let fileToken: string | undefined;
  while (fileToken === undefined) {
    report("processing");
    options.signal?.throwIfAborted();
    if (Date.now() - started > timeoutMs)
      throw new ExportFailedError(
        action,
        taskId,
        `still processing after ${Math.round(timeoutMs / 1000)} s; the helper stopped waiting`,
      );
    await sleep(waitMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
    waitMs = Math.min(EXPORT_POLL_MAX_MS, waitMs * 2);
    const state = await client.exports.getTask(taskId);
    polls += 1;
    if (state.status === "failed") throw new ExportFailedError(action, taskId, state.failMsg ?? "");
    if (state.status === "done") {
      if (state.fileToken === undefined)
        throw new TransportError(
          "GET /open-apis/vc/v1/exports/:task_id",
          "get export task",
          "malformed-response",
          "a done task without file_token",
          false,
        );
      fileToken = state.fileToken;
    }
  }

  report("downloading");
  for (let attempt = 1; ; attempt += 1) {
    try {
      bytes = await downloadAtomically(client.exports, fileToken, file, options, (written) => {
        bytes = written;
      });
      break;
    } catch (error) {
      // A dropped connection mid-file: the file token stays valid, so ask again.
      if (!isTransportError(error) || attempt >= EXPORT_DOWNLOAD_ATTEMPTS) throw error;
      bytes = 0;
    }
  }
  report("done");
  return { file, bytes };
}

/** Starts the task of `request`; the create refuses bad parameters before sending. */
function createTask(exports: ExportsApi, request: ExportRequest): Promise<string> {
  switch (request.kind) {
    case "meeting_list":
      return exports.createMeetingList(request.params);
    case "participant_list":
      return exports.createParticipantList(request.params);
    case "participant_quality_list":
      return exports.createParticipantQualityList(request.params);
    case "resource_reservation_list":
      return exports.createResourceReservationList(request.params);
  }
}

/**
 * The absolute output path, once its directory exists and (without force) the file does not;
 * {@link ExportFileError} otherwise. {@link runExport} checks this first; callers that want to
 * refuse before other work (the CLI) may check earlier.
 */
export function checkExportOutFile(outFile: string, force: boolean): string {
  if (typeof outFile !== "string" || outFile === "")
    throw new ExportFileError(String(outFile), "no output file given");
  const file = path.resolve(outFile);
  const dir = path.dirname(file);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    throw new ExportFileError(outFile, `directory ${dir} does not exist; nothing was exported`);
  }
  if (!dirStat.isDirectory())
    throw new ExportFileError(outFile, `${dir} is not a directory; nothing was exported`);
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory() === true)
    throw new ExportFileError(outFile, "is a directory; nothing was exported");
  if (existing !== undefined && !force)
    throw new ExportFileError(
      outFile,
      "already exists; nothing was exported (overwrite it with force / --force)",
    );
  return file;
}

/**
 * Writes `contents` to `file` atomically, with the same rules as {@link runExport}'s download:
 * the directory must exist, an existing file is kept unless `force`, and the file appears only
 * once complete (a temp file next to it, renamed into place). For exports converted to CSV or
 * JSON.
 */
export async function writeExportFile(
  outFile: string,
  contents: string | Uint8Array,
  options: { force?: boolean } = {},
): Promise<ExportResult> {
  const force = options.force === true;
  const file = checkExportOutFile(outFile, force);
  const temp = tempNameFor(file);
  try {
    await fs.promises.writeFile(temp, contents, { flag: "wx" });
    const bytes = (await fs.promises.stat(temp)).size;
    await moveIntoPlace(temp, file, force);
    return { file, bytes };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** A fresh hidden name next to `file`, for its content until complete. */
function tempNameFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString("hex")}.part`,
  );
}

/**
 * Streams the file into a temp file next to `file`, checks its length against Content-Length,
 * then moves it into place. Any failure removes the temp file.
 */
async function downloadAtomically(
  exports: ExportsApi,
  fileToken: string,
  file: string,
  options: RunExportOptions,
  onBytes: (written: number) => void,
): Promise<number> {
  const temp = tempNameFor(file);
  const stream = await exports.download(fileToken);
  let written = 0;
  const count = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      written += chunk.length;
      onBytes(written);
      yield chunk;
    }
  };
  const out = fs.createWriteStream(temp, { flags: "wx" });
  let localFailure: Error | undefined;
  out.on("error", (error) => (localFailure = error));
  try {
    try {
      await pipeline(
        stream,
        count,
        out,
        options.signal === undefined ? {} : { signal: options.signal },
      );
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      // The local write failed (disk full, permissions): not a transport problem.
      if (localFailure !== undefined)
        throw new ExportFileError(file, `cannot write: ${localFailure.message}`);
      throw new TransportError(
        DOWNLOAD_KEY,
        DOWNLOAD_ACTION,
        "network",
        `connection dropped after ${written} bytes`,
        false,
      );
    }
    const expected = Number(headerOf(stream, "content-length"));
    if (Number.isFinite(expected) && expected > 0 && expected !== written)
      throw new TransportError(
        DOWNLOAD_KEY,
        DOWNLOAD_ACTION,
        "network",
        `got ${written} of ${expected} bytes`,
        false,
      );
    await moveIntoPlace(temp, file, options.force === true);
    return written;
  } finally {
    // The temp file is opened asynchronously: wait until the stream is closed (destroyed on
    // failure), or the removal could run before the open creates it.
    if (!out.closed) {
      const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
      out.destroy();
      await closed;
    }
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Renames the complete temp file to `file`. Without force, links instead of renaming so that a
 * file created meanwhile by someone else is not replaced (link refuses an existing name).
 */
async function moveIntoPlace(temp: string, file: string, force: boolean): Promise<void> {
  if (force) {
    await fs.promises.rename(temp, file);
    return;
  }
  try {
    await fs.promises.link(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new ExportFileError(
        file,
        "appeared while exporting; it was not replaced (overwrite it with force / --force)",
      );
    // File systems without hard links: the existence check at the start has to do.
    await fs.promises.rename(temp, file);
  }
}

/** A response header of the download stream (axios keeps the Node response's headers on it). */
function headerOf(stream: NodeJS.ReadableStream, name: string): string | undefined {
  const headers = (stream as { headers?: Record<string, unknown> }).headers;
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
}
