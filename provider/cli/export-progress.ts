/**
 * Progress of a running export (issue 20): on a terminal, a cli-progress bar over the steps
 * (create, wait, download) with the elapsed time; in CI logs or when stderr is not a terminal, a
 * plain line at each step and every 10 s while the task runs. Everything goes to stderr, so
 * stdout keeps only the command's result.
 */
import { Presets, SingleBar } from "cli-progress";
import type { ExportProgress } from "../client";

/** Seconds between the plain progress lines of CI logs (issue 20: "a line every 10 s"). */
const PLAIN_PROGRESS_INTERVAL_MS = 10_000;

const STEPS: Readonly<Record<ExportProgress["phase"], number>> = {
  creating: 0,
  processing: 1,
  downloading: 2,
  done: 3,
};
const WORDS: Readonly<Record<ExportProgress["phase"], string>> = {
  creating: "creating the export task",
  processing: "waiting for the export task",
  downloading: "downloading the file",
  done: "downloaded",
};

/** A progress display: feed it the export's progress, stop it when the export ends. */
export interface ExportProgressDisplay {
  onProgress(progress: ExportProgress): void;
  stop(): void;
}

/** The display for this process: a bar on a terminal outside CI, plain lines otherwise. */
export function exportProgressDisplay(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ExportProgressDisplay {
  const ci = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
  return stream.isTTY === true && !ci ? barDisplay(label, stream) : plainDisplay(label, stream);
}

function barDisplay(label: string, stream: NodeJS.WriteStream): ExportProgressDisplay {
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {step} ({duration_formatted})`,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (progress) => {
      if (progress.phase === "creating") return;
      const step = stepWords(progress);
      if (!started) {
        bar.start(STEPS.done, STEPS[progress.phase], { step });
        started = true;
      } else bar.update(STEPS[progress.phase], { step });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function plainDisplay(label: string, stream: NodeJS.WriteStream): ExportProgressDisplay {
  const started = Date.now();
  let last: ExportProgress | undefined;
  const line = (progress: ExportProgress): void => {
    const seconds = Math.round((Date.now() - started) / 1000);
    stream.write(`${label}: ${stepWords(progress)} (${seconds} s)\n`);
  };
  // One line per step, and one every 10 s while a step lasts (the task's wait, mostly).
  const timer = setInterval(() => {
    if (last !== undefined && last.phase !== "done") line(last);
  }, PLAIN_PROGRESS_INTERVAL_MS);
  timer.unref();
  return {
    onProgress: (progress) => {
      // Nothing while the task is being created: a create refused by the client's checks then
      // leaves only its one-line error.
      if (progress.phase === "creating") return;
      if (last?.phase !== progress.phase) line(progress);
      last = progress;
    },
    stop: () => clearInterval(timer),
  };
}

function stepWords(progress: ExportProgress): string {
  const task = progress.taskId === undefined ? "" : ` ${progress.taskId}`;
  switch (progress.phase) {
    case "creating":
      return WORDS.creating;
    case "processing":
      return `${WORDS.processing}${task}`;
    case "downloading":
      return `${WORDS.downloading}${progress.bytes > 0 ? `, ${progress.bytes} bytes` : ""}`;
    case "done":
      return `${WORDS.done}, ${progress.bytes} bytes`;
  }
}
