// Streaming rows through worker threads with the output in input order: the main thread reads chunks
// of lines (or makes genome batches), a RowPool runs the chunk jobs (src/io/rowJobs.ts) on Piscina
// workers (workers >= 2) or on the main thread (1), and an OrderedOutput writes the results strictly in
// submission order, a bounded window of chunks in flight. Parsing and formatting leave the main thread;
// the output is the same for any worker count.
import type { Piscina } from "piscina";
import { wasmWorkerPool, chunkWindow } from "../pool/wasmWorkers.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { checkWorkerCount } from "../pool/kernelPool.js";
import type { TreeScoringPlan } from "../predict/wasmTreePredictor.js";
import { TreeRowsRunner, type ByteChunkResult } from "./treeRowBytes.js";
import { chunkErrorAt, formatGenomesChunk, hashChunk, predictRowsChunk, type HashChunkResult, type PredictRowsResult } from "./rowJobs.js";
import { LINE_CHUNK_BYTES, LOCAL_CHUNK_BYTES, readLineChunks } from "./lineChunks.js";
import { writeOut } from "./standardOutput.js";
import { distanceChunk, type DistanceChunkResult, type DistanceFields } from "./distanceRows.js";

const WORKER_URL = new URL("./rowWorker.js", import.meta.url);
const YOUNG_GENERATION_MB = 64;

/** The jobs a row worker runs; byte and genome buffers are copied or moved into the message. */
export type RowJob =
  | { kind: "hash"; bytes: Uint8Array; source: string }
  | { kind: "predictRows"; bytes: Uint8Array; source: string; field: string; replaceField: boolean }
  | { kind: "predictTree"; bytes: Uint8Array; source: string; field: string; replaceField: boolean; reuseScores: boolean; trees: TreeScoringPlan }
  | { kind: "format"; genomes: Uint8Array; distances?: Int32Array }
  | { kind: "distance"; bytes: Uint8Array; source: string; fields: DistanceFields };

interface RowResults {
  hash: HashChunkResult;
  predictRows: PredictRowsResult;
  predictTree: HashChunkResult | ByteChunkResult;
  format: string;
  distance: DistanceChunkResult;
}

export class RowPool {
  readonly workers: number;
  private readonly kernels: SpaceKernels;
  private readonly piscina?: Piscina;
  /** predictTree jobs run here (workers = 1). */
  private readonly treeRows: TreeRowsRunner;

  /**
   * `kernels`: the calling thread's kernels, used when workers = 1. predictTree jobs carry a wasm tree
   * predictor's plan, so the pool can start before the model is read.
   */
  constructor(kernels: SpaceKernels, workers: number) {
    this.workers = checkWorkerCount(workers);
    this.kernels = kernels;
    this.treeRows = new TreeRowsRunner(kernels.space);
    if (workers > 1) {
      // A chunk's rows live through a few scavenges; a young generation that holds several chunks
      // keeps them from being copied into the old one.
      this.piscina = wasmWorkerPool(WORKER_URL, workers, { space: kernels.space.id }, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    }
  }

  /** Chunks in flight so every worker has one running and one queued while the main thread writes. */
  get window(): number {
    return chunkWindow(this.workers);
  }

  run<J extends RowJob>(job: J): Promise<RowResults[J["kind"]]> {
    if (this.piscina !== undefined) {
      const transfer = job.kind === "format" ? [] : [job.bytes.buffer];
      return this.piscina.run(job, { transferList: transfer as never });
    }
    return Promise.resolve().then(() => this.runHere(job)) as Promise<RowResults[J["kind"]]>;
  }

  private runHere(job: RowJob): unknown {
    switch (job.kind) {
      case "hash":
        return hashChunk(this.kernels, job.bytes, job.source);
      case "predictRows":
        return predictRowsChunk(this.kernels.space, job.bytes, job.source, job.field, job.replaceField);
      case "format":
        return formatGenomesChunk(this.kernels, job.genomes, job.distances);
      case "distance":
        return distanceChunk(this.kernels, job.bytes, job.source, job.fields);
      case "predictTree":
        return this.treeRows.run(job.trees, job.bytes, job.source, job);
    }
  }

  /** True when jobs run on worker threads. */
  get threaded(): boolean {
    return this.piscina !== undefined;
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}

/**
 * Consumes results in the order they were pushed, with at most `window` pending: `push` waits for the
 * oldest when the window is full. A failure (of a job or of `consume`) surfaces at its turn, after
 * every earlier result was consumed; later results are then dropped.
 */
export class OrderedOutput<R> {
  private readonly pending: Promise<R>[] = [];
  private readonly window: number;
  private readonly consume: (result: R) => Promise<void>;

  constructor(window: number, consume: (result: R) => Promise<void>) {
    this.window = Math.max(1, window);
    this.consume = consume;
  }

  async push(result: Promise<R>): Promise<void> {
    // Rejections are rethrown at their turn; unobserved until then, they must not crash the process.
    result.catch(() => undefined);
    this.pending.push(result);
    while (this.pending.length >= this.window) await this.next();
  }

  /** Consumes everything still pending. */
  async finish(): Promise<void> {
    while (this.pending.length > 0) await this.next();
  }

  private async next(): Promise<void> {
    const result = await this.pending.shift()!;
    await this.consume(result);
  }
}

/** Jobs of whole line chunks whose result is the chunk's output text. */
type TextLineJob = Extract<RowJob, { kind: "hash" } | { kind: "distance" }>;

/**
 * Lines of `file` (stdin for "-"/undefined) through `job`, a chunk of whole lines at a time on `workers`
 * threads, each chunk's text written to stdout in input order. The first bad row stops the output after
 * the rows before it, its line numbered in the whole input.
 */
export async function writeLineJobs(kernels: SpaceKernels, file: string | undefined, workers: number, job: (bytes: Uint8Array) => TextLineJob): Promise<void> {
  const pool = new RowPool(kernels, workers);
  let firstLine = 1;
  const output = new OrderedOutput<HashChunkResult | DistanceChunkResult>(pool.window, async (result) => {
    if (result.text !== "") await writeOut(result.text);
    if (result.error !== undefined) throw chunkErrorAt(result.error, firstLine);
    firstLine += result.lineCount;
  });
  try {
    for await (const bytes of readLineChunks(file, pool.threaded ? LINE_CHUNK_BYTES : LOCAL_CHUNK_BYTES)) {
      await output.push(pool.run(job(bytes)));
    }
    await output.finish();
  } finally {
    await pool.close();
  }
}

/** Genomes [start, start + count) of a batch as their own copy (a job message). */
export function genomeSlice(genomes: Uint8Array, length: number, start: number, count: number): Uint8Array {
  return genomes.slice(start * length, (start + count) * length);
}
