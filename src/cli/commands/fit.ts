import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { OutputClaim } from "../../io/outputClaim.js";
import { choiceOption, integerOption, numberOption } from "../options.js";
import { DUPLICATE_POLICIES, fitModel, readTrainingRows, type DuplicatePolicy } from "../../predict/fit.js";
import { DEFAULT_TRAINER_PARAMS as D } from "../../predict/gbdt.js";
import { METADATA } from "../../predict/onnxModel.js";
import { ProgressLine } from "../progress.js";
import { checkPlannedMemory } from "../capacity.js";
import { writeOut } from "../../io/standardOutput.js";

/** Version of what `fit` prints; schemas/fit.schema.json describes it. 2: snake_case keys, the model's metadata. */
export const FIT_SCHEMA_VERSION = 2;

interface FitOptions {
  quiet?: boolean;
  data: string;
  target: string;
  out: string;
  features?: string;
  duplicates: DuplicatePolicy;
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minChildWeight: number;
  subsample: number;
  colsample: number;
  lambda: number;
  gamma: number;
  earlyStopping: number;
  validationFraction: number;
  refit: boolean;
  seed: number;
}

export function registerFit(program: Command): void {
  program.command("fit <space>")
    .description("train a gradient-boosted tree predictor on {arch, target} JSON Lines and write it as ONNX (ai.onnx.ml TreeEnsembleRegressor)")
    .requiredOption("--data <file>", "training rows (JSON Lines with an arch field and the target)")
    .requiredOption("--target <field>", "numeric field to predict (dotted names reach nested fields)")
    .requiredOption("--out <model.onnx>", "model file to write (atomically)")
    .option("--features <name>", "feature encoding (default: the space's first, e.g. nb201/onehot@1)")
    .option("--duplicates <policy>", "an architecture listed twice: error, mean of targets, or first row", choiceOption("--duplicates", DUPLICATE_POLICIES), "error")
    .option("--rounds <n>", "maximum boosting rounds", integerOption("--rounds", { min: 1 }), D.rounds)
    .option("--learning-rate <x>", "shrinkage of each tree", numberOption("--learning-rate", { min: 1e-6, max: 1 }), D.learningRate)
    .option("--max-depth <n>", "tree depth", integerOption("--max-depth", { min: 1, max: 20 }), D.maxDepth)
    .option("--min-child-weight <x>", "minimum rows in each child of a split", numberOption("--min-child-weight", { min: 0 }), D.minChildWeight)
    .option("--subsample <x>", "fraction of rows per tree", numberOption("--subsample", { min: 1e-6, max: 1 }), D.subsample)
    .option("--colsample <x>", "fraction of feature columns per tree", numberOption("--colsample", { min: 1e-6, max: 1 }), D.colsample)
    .option("--lambda <x>", "L2 penalty on leaf values", numberOption("--lambda", { min: 0 }), D.lambda)
    .option("--gamma <x>", "minimum loss reduction of a split", numberOption("--gamma", { min: 0 }), D.gamma)
    .option("--early-stopping <n>", "stop after n rounds without held-out improvement (0: off)", integerOption("--early-stopping", { min: 0 }), D.earlyStoppingRounds)
    .option("--validation-fraction <x>", "fraction of rows held out for early stopping (0: none)", numberOption("--validation-fraction", { min: 0, max: 0.9 }), D.validationFraction)
    .option("--no-refit", "keep the early-stopped model instead of retraining on all rows for the chosen rounds")
    .option("--seed <n>", "seed of the held-out split and subsampling", integerOption("--seed", { min: 0, max: 2 ** 32 - 1 }), D.seed)
    .option("--quiet", "no progress on stderr")
    .action(async (name: string, options: FitOptions) => {
      const space = getSpace(name);
      // Each round keeps a tree of up to 2^(depth+1) nodes (~40 bytes each; past depth 10 the rows, not the depth, bound a tree).
      checkPlannedMemory("--rounds", `--rounds ${options.rounds} at --max-depth ${options.maxDepth}: the trees of the model`,
        options.rounds, 40 * 2 ** (Math.min(options.maxDepth, 10) + 1));
      // Checked before training: a path that cannot take the model is refused at once.
      OutputClaim.check(options.out, { kind: "file", option: "--out" });
      const rows = readTrainingRows(options.data, space, options.target, options.duplicates);
      const progress = new ProgressLine(options.quiet === true);
      const model = fitModel(space, rows, options.target, {
        progress: (pass, round, rounds) => progress.update(`${pass === 1 ? "boosting" : "refit on all rows"}: round ${round} of at most ${rounds}`, round, rounds),
        features: options.features,
        params: {
          rounds: options.rounds, learningRate: options.learningRate, maxDepth: options.maxDepth, minChildWeight: options.minChildWeight,
          subsample: options.subsample, colsample: options.colsample, lambda: options.lambda, gamma: options.gamma,
          earlyStoppingRounds: options.earlyStopping, validationFraction: options.validationFraction, refit: options.refit, seed: options.seed,
        },
      });
      progress.done();
      writeFileAtomic(options.out, model.onnx);
      const last = model.training.history[model.training.history.length - 1];
      await writeOut(JSON.stringify({
        schema_version: FIT_SCHEMA_VERSION,
        model: options.out, space: space.id, features: model.encoding.name, target: options.target, rows: rows.targets.length,
        rounds: model.training.rounds, train_rmse: last.train, validation_rmse: Number.isNaN(last.validation) ? null : last.validation,
        validation_rows: model.training.validationRows, training_digest: rows.digest, trainer: JSON.parse(model.metadata[METADATA.trainer]),
      }) + "\n");
    });
}
