/**
 * `feishu-vc validate LAYOUT`: exactly the validation `pulumi up` runs before declaring anything.
 * Exit 0 when valid; 1 with every problem, one per line as `file:line:col path: message`.
 */
import * as path from "node:path";
import type { Command } from "commander";
import { formatIssue, validateLayoutText } from "../layout";
import { EXIT_ERROR, EXIT_OK } from "./exit-codes";
import * as fs from "node:fs";

export function registerValidateCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  program
    .command("validate")
    .description(
      "check a layout file against the schema and the rules the API enforces (no API calls)",
    )
    .argument("<layout>", "layout YAML file")
    .action((file: string) => {
      const shown = path.relative(process.cwd(), path.resolve(file)) || file;
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch {
        process.stderr.write(`${shown}:1:1 cannot read the layout: file not found\n`);
        setExitCode(EXIT_ERROR);
        return;
      }
      const result = validateLayoutText(text, shown);
      if (result.layout === undefined) {
        for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
        process.stderr.write(
          `${shown}: ${result.issues.length} problem${result.issues.length === 1 ? "" : "s"}\n`,
        );
        setExitCode(EXIT_ERROR);
        return;
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
      setExitCode(EXIT_OK);
    });
}
