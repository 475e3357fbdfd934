/**
 * Export tasks (reference 3.5): a task is "processing" (1) for a configurable delay while its file
 * is written, then "done" (3) with a file token, or "failed" (2) with a fail_msg when a fault was
 * armed. Done tasks and their files expire after a time to live on the tenant's clock; then the
 * task and the token are unknown (404/121004). Tasks live in memory only: a restarted emulator
 * has none (the real service's tasks are short-lived too).
 */
import { randomBytes } from "node:crypto";
import type { Caller } from "../auth";
import { dataNotExist, noPermission, paramError } from "../errors";
import type { JsonObject } from "../validate";
import type { Clock } from "./common";
import { writeXlsx, type Cell, type ExportKind } from "./export-files";

/** How tasks behave; `POST /__emulator/exports/config` changes it. */
export interface ExportConfig {
  /** How long a task stays "processing" (real milliseconds). */
  delayMs: number;
  /** The next N tasks fail. */
  failNext: number;
  /** Tasks of these kinds fail until the config changes. */
  failKinds: ExportKind[];
  /** The next N downloads are cut off mid-body. */
  dropNextDownloads: number;
  /** How long a done task and its file live (tenant clock milliseconds). */
  ttlMs: number;
}

const DEFAULT_EXPORT_DELAY_MS = 1500;
const DEFAULT_EXPORT_TTL_MS = 3600 * 1000;

interface ExportTask {
  kind: ExportKind;
  /** Who created it: "app" for the tenant token, else the user's id. */
  owner: string;
  /** Real time (ms) from which the task may be done. */
  readyAt: number;
  /** Tenant clock (ms) after which the task and its file are gone. */
  expiresAt: number;
  failMsg?: string;
  file?: Buffer;
  /** Set when the file could not be written. */
  writeError?: string;
  fileToken?: string;
}

/** A file to send: the bytes, and whether this download is to be cut off (fault injection). */
export interface ExportDownload {
  bytes: Buffer;
  fileName: string;
  drop: boolean;
}

const ownerOf = (caller: Caller): string => (caller.kind === "tenant" ? "app" : caller.userId);

/** Reference 1.13: export task ids are numeric strings of 19 digits. */
const taskId = (): string => `7${[...randomBytes(18)].map((b) => String(b % 10)).join("")}`;

export class ExportStore {
  private readonly tasks = new Map<string, ExportTask>();
  private readonly files = new Map<string, string>();
  readonly config: ExportConfig;

  constructor(
    private readonly now: Clock,
    /** Reference 3.5: with a user token the user needs the admin permission; who holds it. */
    private readonly isAdmin: (userId: string) => boolean,
    delayMs = DEFAULT_EXPORT_DELAY_MS,
  ) {
    this.config = {
      delayMs,
      failNext: 0,
      failKinds: [],
      dropNextDownloads: 0,
      ttlMs: DEFAULT_EXPORT_TTL_MS,
    };
  }

  /** 403/121005 for a user without the admin permission (reference 3.5). */
  checkPermission(caller: Caller): void {
    if (caller.kind === "user" && !this.isAdmin(caller.userId))
      throw noPermission("the user lacks the meeting-management admin permission");
  }

  /** Starts a task; its rows are read and its file written in the background. */
  create(kind: ExportKind, rows: () => Cell[][], caller: Caller): JsonObject {
    this.checkPermission(caller);
    this.sweep();
    const id = taskId();
    const failing = this.config.failNext > 0 || this.config.failKinds.includes(kind);
    if (this.config.failNext > 0) this.config.failNext -= 1;
    const task: ExportTask = {
      kind,
      owner: ownerOf(caller),
      readyAt: Date.now() + this.config.delayMs,
      expiresAt: this.now() + this.config.delayMs + this.config.ttlMs,
      ...(failing ? { failMsg: "export failed: injected fault (emulator)" } : {}),
    };
    this.tasks.set(id, task);
    if (!failing) {
      // After this answer is sent: a 90-day window of 1,000 rooms reads for a second or two.
      new Promise<Cell[][]>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(rows());
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }),
      )
        .then((read) => writeXlsx(kind, read))
        .then(
          (file) => {
            task.file = file;
          },
          (error: unknown) => {
            task.writeError = error instanceof Error ? error.message : String(error);
          },
        );
    }
    return { task_id: id };
  }

  /** Forgets expired tasks and their files, so a long run does not keep every file. */
  private sweep(): void {
    const now = this.now();
    for (const [id, task] of this.tasks) {
      if (now < task.expiresAt) continue;
      if (task.fileToken !== undefined) this.files.delete(task.fileToken);
      this.tasks.delete(id);
    }
  }

  /** A live task the caller may see (121004 unknown or expired, 121005 someone else's). */
  private task(id: string, caller: Caller): ExportTask {
    const task = this.tasks.get(id);
    if (task === undefined || this.now() >= task.expiresAt) {
      if (task?.fileToken !== undefined) this.files.delete(task.fileToken);
      this.tasks.delete(id);
      throw dataNotExist();
    }
    if (task.owner !== ownerOf(caller)) throw noPermission("the task belongs to another caller");
    return task;
  }

  /** Reference 3.5 `GET /exports/:task_id`. */
  get(id: string, caller: Caller): JsonObject {
    if (!/^\d{1,32}$/.test(id)) throw paramError("task_id must be numeric");
    const task = this.task(id, caller);
    if (task.failMsg !== undefined && Date.now() >= task.readyAt)
      return { status: 2, fail_msg: task.failMsg };
    if (task.writeError !== undefined) return { status: 2, fail_msg: "export failed" };
    if (task.file === undefined || Date.now() < task.readyAt) return { status: 1 };
    if (task.fileToken === undefined) {
      task.fileToken = `boxcn${randomBytes(12).toString("hex")}`;
      this.files.set(task.fileToken, id);
    }
    return {
      status: 3,
      // The download link the service would mail; the emulator serves the same file by token.
      url: `/open-apis/vc/v1/exports/download?file_token=${task.fileToken}`,
      file_token: task.fileToken,
    };
  }

  /** Reference 3.5 `GET /exports/download`. */
  download(fileToken: string, caller: Caller): ExportDownload {
    const id = this.files.get(fileToken);
    if (id === undefined) throw dataNotExist();
    const task = this.task(id, caller);
    const drop = this.config.dropNextDownloads > 0;
    if (drop) this.config.dropNextDownloads -= 1;
    return { bytes: task.file!, fileName: `${task.kind}_${id}.xlsx`, drop };
  }
}
