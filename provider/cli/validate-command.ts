/**
 * `feishu-vc validate LAYOUT...`: exactly the validation `pulumi up` runs before declaring anything.
 * Exit 0 when all are valid; 1 with every problem, one per line as `file:line:col path: message`.
 */
import type { Command } from "commander";
import { formatIssue, shownPath, validateLayoutFile } from "../layout";
import { EXIT_ERROR, EXIT_OK } from "./exit-codes";

export function registerValidateCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  program
    .command("validate")
    .description(
      "check a layout file against the schema and the rules the API enforces (no API calls)",
    )
    .argument("<layouts...>", "layout YAML files")
    .action((files: string[]) => {
      // Exit 1 when any file is invalid; each file is reported on its own.
      const valid = files.map((file) => validateOne(file)).every(Boolean);
      setExitCode(valid ? EXIT_OK : EXIT_ERROR);
    });
}

/** Validates one file, printing its problems (stderr) or its summary (stdout). */
function validateOne(file: string): boolean {
  const shown = shownPath(file);
  const result = validateLayoutFile(file, shown);
  if (result.layout === undefined) {
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(
      `${shown}: ${result.issues.length} problem${result.issues.length === 1 ? "" : "s"}\n`,
    );
    return false;
  }
  const counts = { levels: 0, rooms: 0, configs: 0 };
  const walk = (levels: typeof result.layout.levels): void => {
    for (const level of levels) {
      counts.levels += 1;
      if (level.config !== undefined) counts.configs += 1;
      for (const room of level.rooms ?? []) {
        counts.rooms += 1;
        if (room.config !== undefined) counts.configs += 1;
      }
      walk(level.levels ?? []);
    }
  };
  walk(result.layout.levels);
  process.stdout.write(
    `${shown}: valid (${counts.levels} levels, ${counts.rooms} rooms, ${counts.configs} configs)\n`,
  );
  return true;
}
