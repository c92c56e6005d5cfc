import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { LineWriter } from "../../io/lineWriter.js";
import { readArchRows } from "../../io/archStream.js";
import { LissnasError } from "../../errors.js";
import { choiceOption, integerOption } from "../options.js";
import { addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";
import { openPredictor, DEFAULT_BATCH_SIZE, PREDICTOR_ENGINES, type Predictor, type PredictorEngine } from "../../predict/predictor.js";

interface PredictOptions extends OutsideScorerCliOptions {
  model?: string;
  predictor?: string;
  features?: string;
  threads?: number;
  engine?: PredictorEngine;
  missing: "error" | "skip";
  field: string;
}

export function registerPredict(program: Command): void {
  addOutsideScorerOptions(program.command("predict <space> [file]")
    .description("score each architecture of a JSON Lines file (or - for stdin) with an ONNX model or a benchmark table; rows out as {arch, ...fields, pred}")
    .option("--model <model.onnx>", "ONNX model (its lissnas metadata names the feature encoding)")
    .option("--predictor <spec>", `${PREDICTOR_FORMS}; a table is looked up by canonical key`)
    .option("--features <name>", "feature encoding of a model without lissnas metadata, e.g. nb201/onehot@1")
    .option("--engine <e>", "ONNX model engine: auto (wasm for tree ensembles, else onnxruntime), wasm or onnxruntime", choiceOption("--engine", PREDICTOR_ENGINES))
    .option("--batch-size <n>", `rows per engine call or scorer request (default ${DEFAULT_BATCH_SIZE}; 4096 for cmd: and http:)`, integerOption("--batch-size", { min: 1 }))
    .option("--threads <n>", "onnxruntime intra-op threads (default: its choice), or wasm engine worker threads (default 1; the scores are the same for any N)", integerOption("--threads", { min: 1, max: 1024 }))
    .option("--missing <policy>", "table predictor: an architecture not in the table is an error, or skip drops its row", choiceOption("--missing", ["error", "skip"] as const), "error")
    .option("--field <name>", "output field of the score", "pred"))
    .action(async (name: string, file: string | undefined, options: PredictOptions) => {
      const space = getSpace(name);
      if ((options.model === undefined) === (options.predictor === undefined)) {
        throw new LissnasError("E_OPTION", "give exactly one of --model <model.onnx> or --predictor <spec>", { field: "--model" });
      }
      const predictor: Predictor = await openPredictor(options.model ?? options.predictor ?? "", space, {
        ...outsideScorerOptions(options),
        features: options.features, batchSize: options.batchSize, threads: options.threads, missing: options.missing, engine: options.engine,
      });
      const length = space.genomeLength;
      const out = new LineWriter();
      try {
        // Batches of the stream as large as the ONNX batch (capped), so each crosses to onnxruntime once.
        for await (const rows of readArchRows(space, file, Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, 65536))) {
          const genomes = new Uint8Array(rows.length * length);
          rows.forEach((row, i) => genomes.set(row.genome, i * length));
          const scores = await predictor.predict(genomes);
          for (let i = 0; i < rows.length; i++) {
            if (Number.isNaN(scores[i])) continue; // a table's missing architecture under --missing skip
            await out.write(JSON.stringify({ arch: space.format(rows[i].genome), ...rows[i].fields, [options.field]: scores[i] }));
          }
        }
        await out.flush();
      } finally {
        await predictor.close?.();
      }
    });
}
