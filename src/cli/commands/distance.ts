import type { Command } from "commander";
import { spaceKernels, parseArchArgument } from "../common.js";
import { writeOut } from "../../io/standardOutput.js";

// The distance between the isomorphism classes of the two architectures (the minimum edit distance
// over their members): isomorphic cells are at 0, and every neighbour `lissnas neighbours` lists at
// distance d is at most d away (walks report the distance between the members they started from and reached).

export function registerDistance(program: Command): void {
  program.command("distance <space> <archA> <archB>")
    .description("edit distance between the isomorphism classes of two architectures (minimum number of single moves between their members)")
    .option("--json", "print JSON")
    .action(async (name: string, a: string, b: string, options: { json?: boolean }) => {
      const kernels = spaceKernels(name);
      const ga = parseArchArgument(kernels, a, "ARCH_A", false);
      const gb = parseArchArgument(kernels, b, "ARCH_B", false);
      const distance = kernels.classDistances(ga, gb)[0];
      await writeOut(options.json
        ? JSON.stringify({ schema_version: 1, space: kernels.space.id, distance, between: "isomorphism classes", max_edit_distance: kernels.space.maxEditDistance }) + "\n"
        : `${distance}\n`);
    });
}
