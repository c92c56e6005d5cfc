import { Option, type Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { SpaceKernels } from "../../spaces/kernels.js";
import { LissnasError } from "../../errors.js";
import { readTruthTable } from "../../evaluate/truthTable.js";
import { openScoringModel } from "../predictorArgument.js";
import { analyseLocality, formatLocality, truthTableSource, predictorSource, type AccuracySource } from "../../locality/index.js";
import { choiceOption, integerOption, seedOption } from "../options.js";
import { ProgressLine } from "../progress.js";
import { checkPlannedMemory } from "../capacity.js";
import { writeOut } from "../../io/standardOutput.js";
import { snakeCaseKeys } from "../../io/snakeCase.js";
import { directionOf } from "../../stats/direction.js";
import { addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";

interface LocalityCliOptions extends OutsideScorerCliOptions {
  truth?: string;
  target?: string;
  predictor?: string;
  duplicates?: "error" | "mean" | "first";
  walks?: number;
  walkLength?: number;
  neighbours?: number;
  maxDistance?: number;
  seed?: bigint;
  json?: boolean;
  quiet?: boolean;
  minimize?: boolean;
}

/** Version of `locality --json`; schemas/locality.schema.json describes it. 2: snake_case keys, direction. */
export const LOCALITY_SCHEMA_VERSION = 2;

export function registerLocality(program: Command): void {
  addOutsideScorerOptions(program.command("locality <space>")
    .description("random-walk autocorrelation and accuracy difference vs edit distance of a truth table or a predictor")
    .option("--truth <FILE>", "ground-truth JSON Lines (arch + fields): the whole space or a uniform sample of its classes")
    .option("--target <FIELD>", "truth field analysed (e.g. test_acc)")
    .option("--predictor <SPEC>", `instead of --truth: ${PREDICTOR_FORMS} scoring every architecture visited`)
    .option("--duplicates <policy>", "table predictor: an architecture listed twice in the table is an error, or merged by the mean of its rows or its first row", choiceOption("--duplicates", ["error", "mean", "first"] as const))
    .option("--walks <N>", "random walks, and AAD origins (default 1000; more for a sampled table)", integerOption("--walks", { min: 1 }))
    .option("--walk-length <L>", "moves per walk, >= --max-distance (default D; D/p for a table covering a fraction p)", integerOption("--walk-length", { min: 1 }))
    .option("--neighbours <M>", "walk neighbours drawn per AAD origin (default 20·D)", integerOption("--neighbours", { min: 1 }))
    .option("--max-distance <D>", "largest lag and edit distance (default min(maxEditDistance, 10))", integerOption("--max-distance", { min: 1 }))
    .addOption(new Option("--seed <S>", "seed of every random draw").argParser(seedOption()).default(1n, "1"))
    .option("--minimize", "the metric is a loss, error or latency (recorded; autocorrelation and absolute differences do not depend on the direction)")
    .option("--json", "print JSON with every number")
    .option("--quiet", "no progress on stderr"))
    .action(async (name: string, o: LocalityCliOptions) => {
      const space = getSpace(name);
      if ((o.truth === undefined) === (o.predictor === undefined)) {
        throw new LissnasError("E_OPTION", "give exactly one of --truth <FILE> (with --target <FIELD>) or --predictor <SPEC>", { field: "--truth" });
      }
      if (o.truth !== undefined && o.target === undefined) {
        throw new LissnasError("E_OPTION", "--truth needs --target <FIELD>: the field of the table to analyse", { field: "--target" });
      }
      if (o.predictor !== undefined && o.target !== undefined) {
        throw new LissnasError("E_OPTION", "--target applies to --truth; a predictor names its own output", { field: "--target" });
      }
      // Fail on the options before reading a table.
      if (o.maxDistance !== undefined && o.maxDistance > space.maxEditDistance) {
        throw new LissnasError("E_OPTION", `must be at most the largest edit distance of ${space.id}, ${space.maxEditDistance}; found ${o.maxDistance}`,
          { field: "--max-distance" });
      }
      const largestLag = o.maxDistance ?? Math.min(space.maxEditDistance, 10);
      if (o.walkLength !== undefined && o.walkLength < largestLag) {
        throw new LissnasError("E_OPTION", `must be at least --max-distance (${largestLag}): a walk must reach the largest lag; found ${o.walkLength}`, { field: "--walk-length" });
      }
      // Walk values and keys (16 bytes a step), AAD neighbours (genome in WASM and out, distance, key, value).
      const length = space.genomeLength;
      const walks = o.walks ?? 1000;
      const steps = (o.walkLength ?? o.maxDistance ?? Math.min(space.maxEditDistance, 10)) + 1;
      checkPlannedMemory(o.walks !== undefined ? "--walks" : "--walk-length", `--walks ${walks} x (--walk-length + 1) ${steps}: the steps of the random walks`,
        walks * steps, 16 + length, 0);
      const neighbours = o.neighbours ?? 20 * Math.min(space.maxEditDistance, 10);
      checkPlannedMemory(o.neighbours !== undefined ? "--neighbours" : "--walks", `--walks ${walks} x --neighbours ${neighbours}: the neighbours scored for the accuracy differences`,
        walks * neighbours, 2 * length + 1 + 8 + 8, 0);
      const kernels = new SpaceKernels(space);
      let source: AccuracySource;
      let close: (() => Promise<void>) | undefined;
      if (o.truth !== undefined) {
        // The table reader also wants a training field; locality has none, so the target serves as both.
        const table = await readTruthTable(kernels, o.truth, o.target!, o.target!);
        source = truthTableSource(kernels, table, o.target!);
      } else {
        // "skip" so a table predictor's missing architecture is reported by the analysis, which says why it matters.
        const predictor = await openScoringModel(o.predictor!, space, { ...outsideScorerOptions(o), missing: "skip", duplicates: o.duplicates });
        source = predictorSource(kernels, predictor);
        close = predictor.close?.bind(predictor);
      }
      const progress = new ProgressLine(o.quiet === true || o.json === true);
      try {
        const report = await analyseLocality(kernels, source, {
          walks: o.walks, walkSteps: o.walkLength, neighbours: o.neighbours, maxDistance: o.maxDistance, seed: o.seed ?? 1n,
          progress: (text, done, total) => progress.update(text, done, total),
        });
        progress.done();
        const json = { schema_version: LOCALITY_SCHEMA_VERSION, direction: directionOf(o.minimize), ...(snakeCaseKeys(report) as Record<string, unknown>) };
        await writeOut(o.json === true ? JSON.stringify(json, null, 2) + "\n" : formatLocality(report));
      } finally {
        await close?.();
      }
    });
}
