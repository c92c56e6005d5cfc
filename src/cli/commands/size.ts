import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { LissnasError } from "../../errors.js";
import { writeOut } from "../../io/standardOutput.js";

export function registerSize(program: Command): void {
  program.command("size <space>")
    .description("exact number of architectures (raw), or of isomorphism classes with --unique")
    .option("--unique", "count isomorphism classes")
    .option("--json", "print JSON")
    .action(async (name: string, options: { unique?: boolean; json?: boolean }) => {
      const space = getSpace(name);
      const size = options.unique ? space.uniqueSize() : space.size();
      if (size === undefined) {
        throw new LissnasError("E_OPTION", `--unique: the number of isomorphism classes of ${space.id} is not known (the space cannot be enumerated)`);
      }
      await writeOut(options.json
        ? JSON.stringify({ schema_version: 1, space: space.id, unique: Boolean(options.unique), size: size.toString() }) + "\n"
        : size.toString() + "\n");
    });
}
