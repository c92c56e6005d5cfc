// 2-core throughput: the same kernels fanned out over Piscina workers that share the main thread's
// compiled module. Kernel rows: each worker runs its own batches (embarrassingly parallel), the rate is
// the sum. Neighbour row: the shrinker's own pipeline (KernelPool walk chunks in SharedArrayBuffers,
// dedup of every key on the main thread in chunk order).
import { Piscina } from "piscina";
import { wasmModule } from "../src/wasm/core.js";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { GenomeSet } from "../src/dedup/genomeSet.js";
import { KernelPool } from "../src/pool/kernelPool.js";
import { allocateChunkBuffers } from "../src/pool/chunkBuffers.js";
import type { ChunkTask } from "../src/pool/chunkTask.js";
import type { ParallelKernel } from "./parallelWorker.js";
import type { Row } from "./harness.js";

const MS = Number(process.env.LISSNAS_BENCH_MS ?? 400) * 3;

async function kernelRows(workers: number): Promise<Row[]> {
  const pool = new Piscina({ filename: new URL("./parallelWorker.js", import.meta.url).href, minThreads: workers, maxThreads: workers, workerData: { module: wasmModule() } });
  const rows: Row[] = [];
  const names: Record<ParallelKernel, string> = { "nb101-md5": "nb101 module hash (md5-compatible), NB101 classes", "nb101-edit": "nb101 edit distance, batched pairs", "nb301-edit": "nb301 edit distance, batched pairs" };
  for (const kernel of Object.keys(names) as ParallelKernel[]) {
    await Promise.all(Array.from({ length: workers }, (_, seed) => pool.run({ kernel, ms: 100, seed }))); // warm-up
    const rates = await Promise.all(Array.from({ length: workers }, (_, seed) => pool.run({ kernel, ms: MS, seed })));
    rows.push({ operation: `${names[kernel]}, ${workers} workers`, batch: kernel === "nb301-edit" ? 65536 : 8192,
      opsPerSecond: rates.reduce((s: number, r: number) => s + r, 0), note: "sum over workers" });
  }
  await pool.destroy();
  return rows;
}

async function neighbourRow(id: string, radius: number, workers: number): Promise<Row> {
  const kernels = new SpaceKernels(getSpace(id));
  const length = kernels.space.genomeLength;
  const seedCount = 1024;
  const perSeed = 1024;
  const perChunk = 32;
  const config = { space: id, seed: 1n, radius, perSeed, buffers: allocateChunkBuffers(length, seedCount, KernelPool.slotsFor(workers), perChunk * perSeed) };
  const pool = new KernelPool(config, workers, kernels);
  new Uint8Array(config.buffers.seeds).set(kernels.sample(seedCount, 3n));
  new Int32Array(config.buffers.seedIndex).set(Array.from({ length: seedCount }, (_, i) => i));
  const set = new GenomeSet(kernels.core, seedCount * perSeed * 4);
  const tasks = (iteration: number): ChunkTask[] => Array.from({ length: seedCount / perChunk }, (_, chunk) => ({ iteration, chunk, start: chunk * perChunk, count: perChunk }));
  await pool.forEachInOrder(tasks(1), ({ keys }) => { set.add(keys); }); // warm-up
  const rounds: number[] = [];
  for (let iteration = 2; iteration < 7; iteration++) {
    const start = performance.now();
    await pool.forEachInOrder(tasks(iteration), ({ keys }) => { set.add(keys); });
    rounds.push(seedCount * perSeed / ((performance.now() - start) / 1000));
  }
  await pool.close();
  rounds.sort((a, b) => a - b);
  return { operation: `${id} neighbours + dedup, ${workers} workers (shrinker pipeline)`, batch: perChunk * perSeed, opsPerSecond: rounds[2],
    note: `radius ${radius}; walks on workers, dedup on main; median of 5 rounds of ${(seedCount * perSeed).toLocaleString("en-US")}` };
}

export async function parallelBench(workers = 2): Promise<Row[]> {
  // nb101 radius 8 = the shrinker's default, round(23 / 3).
  return [...await kernelRows(workers), await neighbourRow("nb101", 1, workers), await neighbourRow("nb101", 3, workers),
    await neighbourRow("nb101", 8, workers), await neighbourRow("nb301", 1, workers), await neighbourRow("nb301", 9, workers)];
}
