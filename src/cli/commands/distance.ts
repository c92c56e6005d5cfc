import type { Command } from "commander";
import { spaceKernels, parseArchArgument } from "../common.js";
import { writeOut } from "../../io/standardOutput.js";
import { inputName, isParquetInput } from "../../io/archStream.js";
import { writeLineJobs } from "../../io/rowPipeline.js";
import type { DistanceFields } from "../../io/distanceRows.js";
import { LissnasError } from "../../errors.js";
import { threadsOption } from "../options.js";

// The distance between the isomorphism classes of two architectures (the minimum edit distance over
// their members): isomorphic cells are at 0, and every neighbour `lissnas neighbours` lists at distance
// d is at most d away (walks report the distance between the members they started from and reached).
// With --pairs, a JSON Lines file of pairs streams through the row pipeline, a chunk per kernel call.

interface DistanceOptions {
  json?: boolean;
  pairs?: string;
  pairFields?: string;
  field?: string;
  replaceField?: boolean;
  workers?: number;
}

/** The pair's field names and the output field, checked before any row is read. */
function distanceFields(options: DistanceOptions): DistanceFields {
  const pair = (options.pairFields ?? "a,b").split(",").map((name) => name.trim());
  if (pair.length !== 2 || pair.some((name) => name === "") || pair[0] === pair[1]) {
    throw new LissnasError("E_OPTION", `must be two different field names separated by a comma; found "${options.pairFields}"`, { field: "--pair-fields" });
  }
  const out = options.field ?? "distance";
  if (out === "") throw new LissnasError("E_OPTION", "must be a non-empty field name", { field: "--field" });
  if (pair.includes(out)) throw new LissnasError("E_OPTION", `"${out}" holds an architecture of the pair; the distance needs a field of its own`, { field: "--field" });
  return { a: pair[0], b: pair[1], out, replace: options.replaceField === true };
}

export function registerDistance(program: Command): void {
  program.command("distance <space> [archA] [archB]")
    .description("edit distance between the isomorphism classes of two architectures (minimum number of single moves between their members), or of each pair of a JSON Lines file (--pairs)")
    .option("--json", "print JSON (two architectures)")
    .option("--pairs <FILE>", "JSON Lines rows holding a pair each (- for stdin); each row is written back with the distance appended")
    .option("--pair-fields <A,B>", "with --pairs: the two fields holding the architectures (default a,b)")
    .option("--field <NAME>", "with --pairs: the field the distance is written to (default distance)")
    .option("--replace-field", "with --pairs: overwrite that field when a row already has it")
    .option("--workers <N>", "with --pairs: threads that parse, measure and format rows (the output is the same for any N; default 1)", threadsOption("--workers"))
    .action(async (name: string, a: string | undefined, b: string | undefined, options: DistanceOptions) => {
      const kernels = spaceKernels(name);
      if (options.pairs !== undefined) {
        if (a !== undefined) throw new LissnasError("E_OPTION", "give two architectures or --pairs FILE, not both", { field: "--pairs" });
        if (options.json === true) throw new LissnasError("E_OPTION", "--pairs writes JSON Lines rows; --json is for two architectures", { field: "--json" });
        if (isParquetInput(options.pairs)) throw new LissnasError("E_OPTION", "--pairs reads JSON Lines; convert the Parquet file first", { field: "--pairs" });
        const fields = distanceFields(options);
        const source = inputName(options.pairs);
        // Rows {a, b, ...} in, the same rows with the distance appended, in input order for any worker count.
        await writeLineJobs(kernels, options.pairs, options.workers ?? 1, (bytes) => ({ kind: "distance", bytes, source, fields }));
        return;
      }
      for (const option of ["pairFields", "field", "replaceField", "workers"] as const) {
        if (options[option] !== undefined) {
          throw new LissnasError("E_OPTION", "applies to --pairs only", { field: `--${option.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}` });
        }
      }
      if (a === undefined || b === undefined) throw new LissnasError("E_OPTION", "give two architectures (ARCH_A ARCH_B) or --pairs FILE", { field: "ARCH_B" });
      const ga = parseArchArgument(kernels, a, "ARCH_A", false);
      const gb = parseArchArgument(kernels, b, "ARCH_B", false);
      const distance = kernels.classDistances(ga, gb)[0];
      await writeOut(options.json
        ? JSON.stringify({ schema_version: 1, space: kernels.space.id, distance, between: "isomorphism classes", max_edit_distance: kernels.space.maxEditDistance }) + "\n"
        : `${distance}\n`);
    });
}
