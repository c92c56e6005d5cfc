// Resolves the --predictor argument of the commands that score architectures: an ONNX model, a
// benchmark table, a scorer process (cmd:), an inference server (http://…/v2/models/NAME), or the
// built-in synthetic landscape of the demo; and the options of the outside scorers.
import type { Command } from "commander";
import type { SearchSpace } from "../spaces/space.js";
import type { ScoringModel } from "../shrink/lissnas.js";
import { SyntheticLandscape } from "../shrink/syntheticLandscape.js";
import { openPredictor, type PredictorOptions } from "../predict/predictor.js";
import { LissnasError } from "../errors.js";
import { integerOption, numberOption, parseSeedText } from "./options.js";

/** The seed of `synthetic[:SEED]`, bounded like --seed; undefined when `spec` names another predictor. */
export function syntheticSeed(spec: string): bigint | undefined {
  if (spec !== "synthetic" && !spec.startsWith("synthetic:")) return undefined;
  if (spec === "synthetic") return 1n;
  try {
    return parseSeedText("--predictor synthetic:SEED", spec.slice("synthetic:".length));
  } catch (error) {
    throw new LissnasError("E_OPTION", (error as Error).message, { field: "--predictor" });
  }
}

/** What --predictor accepts, for option help texts. */
export const PREDICTOR_FORMS = 'MODEL.onnx, table:FILE.jsonl:FIELD, cmd:"PROGRAM ARGS" (a scorer process) http(s)://HOST:PORT/v2/models/NAME (an inference server) or synthetic[:SEED] (the demo landscape)';

export async function openScoringModel(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<ScoringModel> {
  const seed = syntheticSeed(spec);
  if (seed !== undefined) return new SyntheticLandscape(space, seed);
  return openPredictor(spec, space, options);
}

export interface OutsideScorerCliOptions {
  batchSize?: number;
  scorerTimeout?: number;
  scorerDeadline?: number;
  inflight?: number;
  retries?: number;
}

/** Adds the options of cmd: and http: predictors (and --batch-size where the command lacks it). */
export function addOutsideScorerOptions(command: Command): Command {
  if (!command.options.some((option) => option.long === "--batch-size")) {
    command.option("--batch-size <N>", "rows per request to a cmd: or http: scorer (default 4096)", integerOption("--batch-size", { min: 1 }));
  }
  return command
    .option("--scorer-timeout <S>", "cmd:/http: predictor: seconds one batch may take (default 60)", numberOption("--scorer-timeout", { min: 0.001 }))
    .option("--scorer-deadline <S>", "http: predictor: seconds one scoring call (all its batches and retries) may take (default: no limit)",
      numberOption("--scorer-deadline", { min: 0.001 }))
    .option("--inflight <N>", "http: predictor: requests in flight at once (default 1)", integerOption("--inflight", { min: 1, max: 1024 }))
    .option("--retries <N>", "http: predictor: retries of a request after a 5xx answer, a dropped connection or a timeout (default 4)",
      integerOption("--retries", { min: 0, max: 100 }));
}

/** The PredictorOptions of the outside-scorer options given on the command line. */
export function outsideScorerOptions(options: OutsideScorerCliOptions): PredictorOptions {
  return {
    batchSize: options.batchSize, timeoutSeconds: options.scorerTimeout, deadlineSeconds: options.scorerDeadline,
    inflight: options.inflight, retries: options.retries,
  };
}
