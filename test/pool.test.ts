import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { KernelPool } from "../src/pool/kernelPool.js";
import { allocateChunkBuffers } from "../src/pool/chunkBuffers.js";
import type { ChunkTask } from "../src/pool/chunkTask.js";

const nb301 = getSpace("nb301");
const kernels = new SpaceKernels(nb301);
const LENGTH = nb301.genomeLength;

function samplingPool(workers: number, slotItems: number): KernelPool {
  return new KernelPool({ space: "nb301", seed: 9n, radius: 4, perSeed: 5, buffers: allocateChunkBuffers(LENGTH, 16, KernelPool.slotsFor(workers), slotItems) },
    workers, kernels);
}

test("pool sampling chunks equal one direct batch of the same stream, reduced in chunk order", async () => {
  const direct = kernels.sample(1000, 9n, { stream: 0n, firstIndex: 0n });
  for (const workers of [1, 3]) {
    const pool = samplingPool(workers, 128);
    const tasks: ChunkTask[] = [];
    for (let start = 0; start < 1000; start += 128) tasks.push({ iteration: 0, chunk: tasks.length, start, count: Math.min(128, 1000 - start) });
    const seen: number[] = [];
    const genomes = new Uint8Array(1000 * LENGTH);
    const keys = new BigUint64Array(1000);
    await pool.forEachInOrder(tasks, (result) => {
      seen.push(result.task.chunk);
      genomes.set(result.genomes, result.task.start * LENGTH);
      keys.set(result.keys, result.task.start);
    });
    await pool.close();
    assert.deepEqual(seen, tasks.map((t) => t.chunk), `chunks reduced in order with ${workers} workers`);
    assert.deepEqual(genomes, direct);
    assert.deepEqual(keys, kernels.keys(direct));
  }
});

test("pool walk chunks equal the walk kernel run on all seeds at once", async () => {
  const seeds = kernels.sample(12, 1n);
  const direct = kernels.walkNeighbours(seeds, 4, 5, 9n, { stream: 2n, firstIndex: 0n });
  const pool = samplingPool(2, 15);
  new Uint8Array(pool.config.buffers.seeds).set(seeds);
  new Int32Array(pool.config.buffers.seedIndex).set(Array.from({ length: 12 }, (_, i) => i));
  const tasks: ChunkTask[] = [0, 3, 6, 9].map((start, chunk) => ({ iteration: 2, chunk, start, count: 3 }));
  const genomes = new Uint8Array(12 * 5 * LENGTH);
  const distances = new Uint8Array(12 * 5);
  await pool.forEachInOrder(tasks, (result) => {
    genomes.set(result.genomes, result.task.start * 5 * LENGTH);
    distances.set(result.distances, result.task.start * 5);
  });
  await pool.close();
  assert.deepEqual(genomes, direct.genomes);
  assert.deepEqual(distances, direct.distances);
});

test("a task larger than its slot is refused", async () => {
  const pool = samplingPool(1, 8);
  await assert.rejects(pool.forEachInOrder([{ iteration: 0, chunk: 0, start: 0, count: 9 }], () => undefined), /chunk 0 has 9 items; a slot holds 8/);
});

test("tasks must be numbered in order", async () => {
  const pool = samplingPool(1, 8);
  await assert.rejects(pool.forEachInOrder([{ iteration: 0, chunk: 1, start: 0, count: 2 }], () => undefined), /task 0 carries chunk 1/);
});
