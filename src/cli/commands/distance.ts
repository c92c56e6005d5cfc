import type { Command } from "commander";
import { spaceKernels, parseArchArgument } from "../common.js";

// Distances are taken between the architectures as given (each space's definition decides how
// isomorphism enters: NB201 counts differing edges of the cells as written).

export function registerDistance(program: Command): void {
  program.command("distance <space> <archA> <archB>")
    .description("edit distance between two architectures (minimum number of single moves)")
    .option("--json", "print JSON")
    .action((name: string, a: string, b: string, options: { json?: boolean }) => {
      const kernels = spaceKernels(name);
      const ga = parseArchArgument(kernels, a, "ARCH_A", false);
      const gb = parseArchArgument(kernels, b, "ARCH_B", false);
      const distance = kernels.editDistances(ga, gb)[0];
      process.stdout.write(options.json
        ? JSON.stringify({ schema_version: 1, space: kernels.space.id, distance, max_edit_distance: kernels.space.maxEditDistance }) + "\n"
        : `${distance}\n`);
    });
}
