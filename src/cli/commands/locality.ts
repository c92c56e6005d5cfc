import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { SpaceKernels } from "../../spaces/kernels.js";
import { LissnasError } from "../../errors.js";
import { readTruthTable } from "../../evaluate/truthTable.js";
import { openPredictor } from "../../predict/predictor.js";
import { analyseLocality, formatLocality, truthTableSource, predictorSource, type AccuracySource } from "../../locality/index.js";
import { integerOption, seedOption } from "../options.js";
import { ProgressLine } from "../progress.js";
import { addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";

interface LocalityCliOptions extends OutsideScorerCliOptions {
  truth?: string;
  target?: string;
  predictor?: string;
  walks?: number;
  walkLength?: number;
  neighbours?: number;
  maxDistance?: number;
  seed: bigint;
  json?: boolean;
  quiet?: boolean;
}

export function registerLocality(program: Command): void {
  addOutsideScorerOptions(program.command("locality <space>")
    .description("random-walk autocorrelation and accuracy difference vs edit distance of a truth table or a predictor")
    .option("--truth <FILE>", "ground-truth JSON Lines (arch + fields): the whole space or a uniform sample of its classes")
    .option("--target <FIELD>", "truth field analysed (e.g. test_acc)")
    .option("--predictor <SPEC>", `instead of --truth: ${PREDICTOR_FORMS} scoring every architecture visited`)
    .option("--walks <N>", "random walks, and AAD origins (default 1000; more for a sampled table)", integerOption("--walks", { min: 1 }))
    .option("--walk-length <L>", "moves per walk, >= --max-distance (default D; D/p for a table covering a fraction p)", integerOption("--walk-length", { min: 1 }))
    .option("--neighbours <M>", "walk neighbours drawn per AAD origin (default 20·D)", integerOption("--neighbours", { min: 1 }))
    .option("--max-distance <D>", "largest lag and edit distance (default min(maxEditDistance, 10))", integerOption("--max-distance", { min: 1 }))
    .option("--seed <S>", "seed of every random draw", seedOption(), 1n)
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
      const kernels = new SpaceKernels(space);
      let source: AccuracySource;
      let close: (() => Promise<void>) | undefined;
      if (o.truth !== undefined) {
        // The table reader also wants a training field; locality has none, so the target serves as both.
        const table = await readTruthTable(kernels, o.truth, o.target!, o.target!);
        source = truthTableSource(kernels, table, o.target!);
      } else {
        // "skip" so a table predictor's missing architecture is reported by the analysis, which says why it matters.
        const predictor = await openPredictor(o.predictor!, space, { ...outsideScorerOptions(o), missing: "skip" });
        source = predictorSource(kernels, predictor);
        close = predictor.close?.bind(predictor);
      }
      const progress = new ProgressLine(o.quiet === true || o.json === true);
      try {
        const report = await analyseLocality(kernels, source, {
          walks: o.walks, walkSteps: o.walkLength, neighbours: o.neighbours, maxDistance: o.maxDistance, seed: o.seed,
          progress: (text, done, total) => progress.update(text, done, total),
        });
        progress.done();
        process.stdout.write(o.json === true ? JSON.stringify(report, null, 2) + "\n" : formatLocality(report));
      } finally {
        await close?.();
      }
    });
}
