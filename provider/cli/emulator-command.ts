/**
 * `feishu-vc emulator`: serves the local VC API emulator until interrupted. Prints one line
 * `feishu-vc emulator listening on http://127.0.0.1:<port>` once it accepts requests.
 */
import { InvalidArgumentError, type Command } from "commander";
import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  startEmulator,
  type EmulatorOptions,
} from "../../emulator";

interface EmulatorFlags {
  port: number;
  host: string;
  appId: string;
  appSecret: string;
  state?: string;
  tokenTtl: number;
  rateLimitScale: number;
  eventTimeScale: number;
  rateLimit: boolean;
  faultRate: number;
  dropResponseRate: number;
  faultSeed?: number;
  latency: number;
  exportDelayMs: number;
}

const number =
  (what: string, min: number, max = Number.POSITIVE_INFINITY) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${what} must be a number between ${min} and ${max}`);
    }
    return parsed;
  };

export function registerEmulatorCommand(program: Command): void {
  program
    .command("emulator")
    .description(
      "serve the local Feishu VC API emulator (room levels, rooms, scope config, tokens)",
    )
    .option("--port <n>", "port; 0 picks a free one", number("port", 0, 65535), 0)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--app-id <id>", "app id the token endpoint accepts", DEFAULT_APP_ID)
    .option("--app-secret <secret>", "app secret the token endpoint accepts", DEFAULT_APP_SECRET)
    .option("--state <file>", "keep the tenant in this JSON file (survives restarts)")
    .option("--token-ttl <seconds>", "lifetime of issued tokens", number("token ttl", 1), 7200)
    .option(
      "--rate-limit-scale <k>",
      "shorten every rate-limit window k times",
      number("rate limit scale", 1),
      1,
    )
    .option("--no-rate-limit", "turn rate limiting off")
    .option(
      "--event-time-scale <k>",
      "shorten the event retry delays (15 s, 5 min, 1 h, 6 h) k times",
      number("event time scale", 1),
      1,
    )
    .option(
      "--fault-rate <p>",
      "probability of a random internal error",
      number("fault rate", 0, 1),
      0,
    )
    .option(
      "--drop-response-rate <p>",
      "probability that a write is applied and its answer dropped",
      number("drop rate", 0, 1),
      0,
    )
    .option(
      "--fault-seed <n>",
      "seed of the random faults, to repeat a run",
      number("fault seed", 0),
    )
    .option("--latency <ms>", "delay added to every answer", number("latency", 0), 0)
    .option(
      "--export-delay-ms <ms>",
      "how long export tasks stay processing",
      number("export delay", 0),
      1500,
    )
    .action(async (flags: EmulatorFlags) => {
      const options: EmulatorOptions = {
        port: flags.port,
        host: flags.host,
        appId: flags.appId,
        appSecret: flags.appSecret,
        tokenTtlSeconds: flags.tokenTtl,
        rateLimitScale: flags.rateLimitScale,
        eventTimeScale: flags.eventTimeScale,
        noRateLimit: !flags.rateLimit,
        faultRate: flags.faultRate,
        dropResponseRate: flags.dropResponseRate,
        latencyMs: flags.latency,
        exportDelayMs: flags.exportDelayMs,
        ...(flags.faultSeed === undefined ? {} : { faultSeed: flags.faultSeed }),
        ...(flags.state === undefined ? {} : { stateFile: flags.state }),
      };
      const emulator = await startEmulator(options);
      process.stdout.write(`feishu-vc emulator listening on ${emulator.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void emulator.close().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
