/**
 * `feishu-vc events serve`: a webhook receiver for the app's event subscription. Each accepted
 * event is one JSON line on stdout, or the stdin of one run of the `--exec` command. The receiver
 * flags are shared with `drift --watch`.
 */
import { spawn } from "node:child_process";
import { InvalidArgumentError, type Command } from "commander";
import { startEventReceiver, type EventEnvelope, type RunningReceiver } from "../events";

/** Flags of any command that runs the receiver. */
export interface ReceiverFlags {
  port: number;
  host: string;
  path: string;
  verificationToken?: string;
  encryptKey?: string;
  logBodies?: boolean;
}

/** Environment fallbacks, so secrets need not appear in a process list. */
const EVENT_ENV = {
  verificationToken: "FEISHU_EVENT_VERIFICATION_TOKEN",
  encryptKey: "FEISHU_EVENT_ENCRYPT_KEY",
} as const;

/** How long one `--exec` run may take before it is killed. */
const EXEC_TIMEOUT_MS = 60_000;

const port = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError("port must be an integer between 0 and 65535");
  return parsed;
};

const urlPath = (value: string): string => {
  if (!value.startsWith("/")) throw new InvalidArgumentError("path must start with /");
  return value;
};

/** Adds the receiver flags to a command. */
export function withReceiverFlags(command: Command): Command {
  return command
    .option("--port <n>", "port to listen on; 0 picks a free one", port, 0)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--path <path>", "URL path events are POSTed to", urlPath, "/")
    .option(
      "--verification-token <token>",
      `the app's Verification Token (or ${EVENT_ENV.verificationToken})`,
    )
    .option("--encrypt-key <key>", `the app's Encrypt Key (or ${EVENT_ENV.encryptKey})`)
    .option("--log-bodies", "log each accepted event's decrypted body on stderr");
}

/** Starts the receiver described by the flags; refuses to run with neither token nor key. */
export async function startReceiverFromFlags(
  flags: ReceiverFlags,
  onEvent: (event: EventEnvelope) => void | Promise<void>,
): Promise<RunningReceiver> {
  const token = flags.verificationToken ?? nonEmpty(process.env[EVENT_ENV.verificationToken]);
  const key = flags.encryptKey ?? nonEmpty(process.env[EVENT_ENV.encryptKey]);
  if (token === undefined && key === undefined)
    throw new Error(
      "events: give --verification-token or --encrypt-key (or their environment variables): " +
        "without either, anyone could post events",
    );
  const receiver = await startEventReceiver({
    port: flags.port,
    host: flags.host,
    path: flags.path,
    ...(token === undefined ? {} : { verificationToken: token }),
    ...(key === undefined ? {} : { encryptKey: key }),
    logBodies: flags.logBodies === true,
    onEvent,
  });
  process.stderr.write(`feishu-vc events: receiving on ${receiver.url}\n`);
  return receiver;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === "" ? undefined : value;

/** Runs `sh -c command` with the event as one JSON line on its stdin. */
function runExec(command: string, event: EventEnvelope): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], {
      stdio: ["pipe", "inherit", "inherit"],
      env: {
        ...process.env,
        FEISHU_EVENT_TYPE: event.header.event_type,
        FEISHU_EVENT_ID: event.header.event_id,
      },
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), EXEC_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`--exec could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`--exec exited with ${signal ?? String(code)}`));
    });
    child.stdin.on("error", () => undefined); // a command that ignores stdin may close it early
    child.stdin.end(`${JSON.stringify(event)}\n`);
  });
}

interface ServeFlags extends ReceiverFlags {
  exec?: string;
}

/** Resolves when the process is asked to stop. */
export const untilSignal = (): Promise<void> =>
  new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });

export function registerEventsCommand(program: Command): void {
  const events = program.command("events").description("receive Feishu VC events");
  withReceiverFlags(
    events
      .command("serve")
      .description(
        "receive events by webhook: verify, decrypt, deduplicate; print one JSON line per event",
      ),
  )
    .option("--exec <command>", "run this shell command per event, the event JSON on its stdin")
    .action(async (flags: ServeFlags) => {
      const exec = flags.exec;
      const receiver = await startReceiverFromFlags(flags, (event) =>
        exec === undefined
          ? void process.stdout.write(`${JSON.stringify(event)}\n`)
          : runExec(exec, event),
      );
      await untilSignal();
      await receiver.close();
      await receiver.idle();
    });
}
