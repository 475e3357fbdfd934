import { Command, CommanderError } from "commander";

/** Exit codes of `feishu-vc`, documented in the README. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 64;

/**
 * Builds the `feishu-vc` command tree. Each sub-command lives in its own module and registers
 * itself here, so the parser (commander) owns flags, help and usage errors.
 */
export function buildProgram(): Command {
  const program = new Command("feishu-vc")
    .description(
      "Feishu (Lark) Video Conferencing rooms as code: emulator, validation, plan, drift, export",
    )
    .exitOverride()
    .showHelpAfterError();
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version also arrive here, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERROR;
  }
}
