import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { inferColumns, archColumn, type OutputFormat } from "../../io/columnar.js";
import { inputName, isParquetInput, readArchRows } from "../../io/archStream.js";
import { LINE_CHUNK_BYTES, readLineChunks } from "../../io/lineChunks.js";
import { chunkErrorAt, headsOf, scoredRowsText, type ChunkStatus, type HashChunkResult, type PredictRowsResult } from "../../io/rowJobs.js";
import type { ByteChunkResult } from "../../io/treeRowBytes.js";
import type { WasmTreePredictor } from "../../predict/wasmTreePredictor.js";
import { OrderedOutput, RowPool } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";
import { SpaceKernels } from "../../spaces/kernels.js";
import { WasmCore } from "../../wasm/core.js";
import { LissnasError } from "../../errors.js";
import { archText, type SearchSpace } from "../../spaces/space.js";
import { choiceOption, integerOption, threadsOption } from "../options.js";
import { DEFAULT_BATCH_SIZE, PREDICTOR_ENGINES, type PredictorEngine } from "../../predict/predictor.js";
import { openScoringModel } from "../predictorArgument.js";
import type { ScoringModel } from "../../shrink/lissnas.js";
import { addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";

interface PredictOptions extends OutsideScorerCliOptions {
  model?: string;
  predictor?: string;
  features?: string;
  threads?: number;
  engine?: PredictorEngine;
  missing: "error" | "skip";
  duplicates?: "error" | "mean" | "first";
  field: string;
  replaceField?: boolean;
  workers?: number;
  format?: OutputFormat;
  scoreReuse?: boolean;
}

/** Input bytes parsed per chunk: tens of thousands of rows, so each engine call is large. */
const PREDICT_CHUNK_BYTES = 4 << 20;

/** JSON Lines in and out on the row pipeline: rows parsed (and, for a wasm tree ensemble, scored) on the row workers, written in input order. */
async function predictLines(space: SearchSpace, pool: RowPool, file: string | undefined, predictor: ScoringModel, options: PredictOptions): Promise<void> {
  const source = inputName(file);
  // A wasm tree ensemble is scored on the row workers themselves: parse, score and format in one pass;
  // on this thread too when it has one worker and the predictor's scoring has no threads of its own.
  const oneThread = (options.threads ?? 1) <= 1;
  const trees = (pool.threaded || oneThread) && "scoringPlan" in predictor ? (predictor as WasmTreePredictor).scoringPlan() : undefined;
  const replaceField = options.replaceField === true;
  let firstLine = 1;
  const written = async (text: string | Uint8Array, status: ChunkStatus) => {
    if (text.length > 0) await writeOut(text);
    if (status.error !== undefined) throw chunkErrorAt(status.error, firstLine);
    firstLine += status.lineCount;
  };
  // Otherwise rows are parsed on the workers, scored here a chunk at a time (one engine call), written in input order.
  const output = new OrderedOutput<HashChunkResult | ByteChunkResult | PredictRowsResult>(pool.window, async (result) => {
    if ("text" in result) return written(result.text, result);
    if ("bytes" in result) return written(result.bytes, result);
    const scores = result.lines.length > 0 ? await predictor.predict(result.genomes) : new Float32Array(0);
    const { text, missing } = scoredRowsText({ heads: headsOf(result), whole: result.whole }, scores, options.field, options.missing === "skip");
    if (missing !== undefined) {
      await writeOut(text);
      const genome = result.genomes.subarray(missing * space.genomeLength, (missing + 1) * space.genomeLength);
      throw new LissnasError("E_PREDICTOR", `architecture ${archText(space.format(genome))} is not in the table ${predictor.description} ` +
        `(pass --missing skip to drop such rows)`, { file: source, line: firstLine + result.lines[missing] - 1, field: "arch" });
    }
    return written(text, result);
  });
  // Chunks of a few MB: tens of thousands of rows per engine call, enough for the engine's own workers
  // (scored on the row workers, a chunk needs no more rows than its message is worth).
  for await (const bytes of readLineChunks(file, trees !== undefined && pool.threaded ? LINE_CHUNK_BYTES : PREDICT_CHUNK_BYTES)) {
    const job = { bytes, source, field: options.field, replaceField };
    await output.push(trees !== undefined
      ? pool.run({ kind: "predictTree", ...job, reuseScores: options.scoreReuse !== false, trees })
      : pool.run({ kind: "predictRows", ...job }));
  }
  await output.finish();
}

/** Parquet in or out: parsed rows scored a batch at a time on the main thread, so Parquet columns are typed from whole row groups. */
async function predictRows(space: SearchSpace, file: string | undefined, predictor: ScoringModel, options: PredictOptions, format: OutputFormat): Promise<void> {
  const length = space.genomeLength;
  const source = inputName(file);
  const out = openRowOutput(format, (rows) => inferColumns(rows, options.field === "arch" ? [] : [archColumn(space)]));
  // Batches of the stream as large as the ONNX batch (capped), so each crosses to onnxruntime once.
  for await (const rows of readArchRows(space, file, Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, 65536))) {
    const genomes = new Uint8Array(rows.length * length);
    rows.forEach((row, i) => genomes.set(row.genome, i * length));
    if (options.replaceField !== true) {
      const clash = rows.find((row) => Object.hasOwn(row.fields, options.field));
      if (clash !== undefined) {
        throw new LissnasError("E_OPTION", `the input row already has a field "${options.field}"; choose another --field or pass --replace-field to overwrite it`,
          { file: source, line: clash.line, field: "--field" });
      }
    }
    const scores = await predictor.predict(genomes);
    const scored: Record<string, unknown>[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (Number.isNaN(scores[i])) {
        if (options.missing === "skip") continue;
        throw new LissnasError("E_PREDICTOR", `architecture ${archText(space.format(rows[i].genome))} is not in the table ${predictor.description} ` +
          `(pass --missing skip to drop such rows)`, { file: source, line: rows[i].line, field: "arch" });
      }
      scored.push({ arch: space.format(rows[i].genome), ...rows[i].fields, [options.field]: scores[i] });
    }
    await out.writeRows(scored);
  }
  await out.close();
}

export function registerPredict(program: Command): void {
  addOutsideScorerOptions(program.command("predict <space> [file]")
    .description("score each architecture of a JSON Lines file (or - for stdin) with an ONNX model or a benchmark table; rows out as {arch, ...fields, pred}")
    .option("--model <model.onnx>", "ONNX model (its lissnas metadata names the feature encoding)")
    .option("--predictor <spec>", `${PREDICTOR_FORMS}; a table is looked up by canonical key`)
    .option("--features <name>", "feature encoding of a model without lissnas metadata, e.g. nb201/onehot@1")
    .option("--engine <e>", "ONNX model engine: auto (wasm for tree ensembles, else onnxruntime), wasm or onnxruntime", choiceOption("--engine", PREDICTOR_ENGINES))
    .option("--batch-size <n>", `rows per engine call or scorer request (default ${DEFAULT_BATCH_SIZE}; 4096 for cmd: and http:)`, integerOption("--batch-size", { min: 1, max: 1 << 24 }))
    .option("--threads <n>", "onnxruntime intra-op threads (default: its choice), or wasm engine worker threads (default 1; the scores are the same for any N)", threadsOption("--threads"))
    .option("--workers <N>", "threads that parse and format rows, and score them with a wasm tree ensemble (then --threads is not used); the output is the same for any N (default 1)", threadsOption("--workers"))
    .option("--no-score-reuse", "with a wasm tree ensemble scored on the row threads (--workers >= 2, or --threads 1), score every row, even when its thread has scored the same architecture before (for timing; the output is the same)")
    .option("--missing <policy>", "table predictor: an architecture not in the table is an error, or skip drops its row", choiceOption("--missing", ["error", "skip"] as const), "error")
    .option("--duplicates <policy>", "table predictor: an architecture listed twice in the table is an error, or merged by the mean of its rows or its first row", choiceOption("--duplicates", ["error", "mean", "first"] as const))
    .option("--field <name>", "output field of the score (an input row's field of that name is an error unless --replace-field)", "pred")
    .option("--replace-field", "let --field overwrite a field of the input rows (or the arch)")
    .option("--format <F>", FORMAT_HELP, formatOption()))
    .action(async (name: string, file: string | undefined, options: PredictOptions) => {
      const space = getSpace(name);
      if ((options.model === undefined) === (options.predictor === undefined)) {
        throw new LissnasError("E_OPTION", "give exactly one of --model <model.onnx> or --predictor <spec>", { field: "--model" });
      }
      if (options.model !== undefined && /^(table:|synthetic(:|$))/.test(options.model)) {
        throw new LissnasError("E_OPTION", `--model takes an ONNX file; "${options.model}" is a predictor spec: pass it as --predictor`, { field: "--model" });
      }
      if (options.field === "arch" && options.replaceField !== true) {
        throw new LissnasError("E_OPTION", `"arch" is the architecture of every output row; pass --replace-field to overwrite it with the score`, { field: "--field" });
      }
      const format = options.format ?? "jsonl";
      // JSON Lines run on the row pipeline, whose workers start while the model is read. Its predict jobs
      // use the space alone: a core without the spaces' tables (NB201's class table) is enough here.
      const pool = format === "jsonl" && !isParquetInput(file) ? new RowPool(new SpaceKernels(space, new WasmCore()), options.workers ?? 1) : undefined;
      try {
        const predictor: ScoringModel = await openScoringModel(options.model ?? options.predictor ?? "", space, {
          ...outsideScorerOptions(options),
          // A table's missing architecture comes back NaN and is reported below with the input's file and line.
          features: options.features, batchSize: options.batchSize, threads: options.threads, missing: "skip", duplicates: options.duplicates, engine: options.engine,
        });
        try {
          if (pool !== undefined) await predictLines(space, pool, file, predictor, options);
          else await predictRows(space, file, predictor, options, format);
        } finally {
          await predictor.close?.();
        }
      } finally {
        await pool?.close();
      }
    });
}
