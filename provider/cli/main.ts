import { Command, CommanderError } from "commander";
import { registerDemoCommand } from "./demo-command";
import { registerDownloadCommand } from "./download-command";
import { registerDriftCommand } from "./drift-command";
import { registerEmulatorCommand } from "./emulator-command";
import { registerEventsCommand } from "./events-command";
import { registerExportCommand } from "./export-command";
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { registerMeetingCommand } from "./meeting-command";
import { registerPlanCommand } from "./plan-command";
import { registerRecordingCommand } from "./recording-command";
import { registerReportCommand } from "./report-command";
import { registerReserveCommand } from "./reserve-command";
import { registerUpCommand } from "./up-command";
import { registerUsageCommand } from "./usage-command";
import { registerValidateCommand } from "./validate-command";

export { EXIT_DRIFT, EXIT_ERROR, EXIT_OK, EXIT_USAGE } from "./exit-codes";

/**
 * Builds the `feishu-vc` command tree. Each sub-command lives in its own module and registers
 * itself here, so the parser (commander) owns flags, help and usage errors. Commands whose exit
 * code carries meaning (validate, drift) report it through `setExitCode`.
 */
export function buildProgram(setExitCode: (code: number) => void = () => undefined): Command {
  const program = new Command("feishu-vc")
    .description(
      "Feishu (Lark) Video Conferencing rooms as code: emulator, validate, demo, plan, up, drift, export, events, meeting, recording, reserve, report, download, usage",
    )
    .exitOverride()
    .showHelpAfterError();
  registerEmulatorCommand(program);
  registerValidateCommand(program, setExitCode);
  registerDemoCommand(program);
  registerPlanCommand(program);
  registerUpCommand(program);
  registerDriftCommand(program, setExitCode);
  registerExportCommand(program, setExitCode);
  registerEventsCommand(program);
  registerMeetingCommand(program, setExitCode);
  registerRecordingCommand(program, setExitCode);
  registerReserveCommand(program, setExitCode);
  registerReportCommand(program, setExitCode);
  registerDownloadCommand(program, setExitCode);
  registerUsageCommand(program, setExitCode);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version also arrive here, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERROR;
  }
}
