// globalSetup of the jest "engine" project: resolve (and on a new machine, build) the Pulumi CLI
// once, before any engine test, and hand its directory to the workers through the environment.
import { BIN_DIR_ENV, engineBinDir } from "../../tools/harness/engine-stack";

export default function globalSetup(): void {
  try {
    const dir = engineBinDir();
    process.env[BIN_DIR_ENV] = dir;
    process.stderr.write(`\nengine tests use the Pulumi CLI in ${dir}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The engine tests need the Pulumi CLI and could not get it: ${reason}\n` +
        "Run `npm run --silent pulumi:bin` to see why; docs/pulumi-cli.md explains the options.",
    );
  }
}
