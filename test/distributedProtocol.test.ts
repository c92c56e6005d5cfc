import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { allocateChunkBuffers, slotViews } from "../src/pool/chunkBuffers.js";
import { runChunkTask, type RunConfig } from "../src/pool/chunkTask.js";
import {
  PROTOCOL_VERSION, decodeResult, decodeTask, encodeResultError, encodeResultParts, encodeTask, isResultError, kernelDigest, rowBytes, rowsPerPart,
  type ResultPart, type TaskMessage,
} from "../src/distributed/protocol.js";
import { ChunkAssembler } from "../src/distributed/chunkAssembler.js";
import { TaskRunner } from "../src/distributed/taskRunner.js";
import { LissnasError } from "../src/errors.js";

const nb301 = getSpace("nb301");
const kernels = new SpaceKernels(nb301);
const LENGTH = nb301.genomeLength;

function walkTask(seeds: Uint8Array, firstIndex: number, chunk = 3): TaskMessage {
  return {
    schema_version: PROTOCOL_VERSION, run: "r1", phase: 2, iteration: 2, chunk, start: 0, count: seeds.length / LENGTH, first_index: firstIndex,
    space: "nb301", seed: "77", radius: 5, per_seed: 9, kernel: kernelDigest(), seeds: Buffer.from(seeds).toString("base64"),
  };
}

test("a walk task computed by a worker has the rows the local pool computes for the same chunk", () => {
  const allSeeds = kernels.sample(10, 4n);
  // The local pool's view: seeds in the run's buffer, the chunk starting at row 6 whose ranking index is 6.
  const buffers = allocateChunkBuffers(LENGTH, 10, 1, 4 * 9);
  new Uint8Array(buffers.seeds).set(allSeeds);
  new Int32Array(buffers.seedIndex).set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const config: RunConfig = { space: "nb301", seed: 77n, radius: 5, perSeed: 9, buffers };
  const items = runChunkTask(kernels, config, { iteration: 2, chunk: 3, start: 6, count: 4 });
  const local = slotViews(buffers, 3, items);
  const message = decodeTask(encodeTask(walkTask(allSeeds.slice(6 * LENGTH, 10 * LENGTH), 6)), "lissnas.task.r1");
  const remote = new TaskRunner().run(message);
  assert.equal(remote.genomeLength, LENGTH);
  assert.deepEqual(remote.genomes, local.genomes);
  assert.deepEqual(remote.distances, local.distances);
  assert.deepEqual(remote.keys, local.keys);
  // The seed index names the RNG streams: another index gives other walks.
  const shifted = new TaskRunner().run({ ...message, first_index: 7 });
  assert.notDeepEqual(shifted.genomes, local.genomes);
});

test("a sampling task computed by a worker equals the same slice of the run's sample stream", () => {
  const message: TaskMessage = { ...walkTask(new Uint8Array(0), 0), iteration: 0, phase: 0, start: 500, count: 300, seeds: "" };
  const rows = new TaskRunner().run(message);
  const direct = kernels.sample(800, 77n, { stream: 0n, firstIndex: 0n }).subarray(500 * LENGTH);
  assert.deepEqual(rows.genomes, direct);
  assert.deepEqual(rows.keys, kernels.keys(direct));
});

test("a worker refuses a task for another WASM core build, and tasks with malformed fields", () => {
  const message = walkTask(kernels.sample(2, 1n), 0);
  assert.throws(() => new TaskRunner().run({ ...message, kernel: "0000000000000000" }), (e: unknown) => e instanceof LissnasError && /WASM core/.test(e.message));
  assert.throws(() => new TaskRunner().run({ ...message, seeds: Buffer.from(new Uint8Array(LENGTH + 1)).toString("base64") }), /seed bytes/);
  const bad = (patch: Record<string, unknown>) => encodeTask({ ...message, ...patch } as TaskMessage);
  assert.throws(() => decodeTask(bad({ chunk: -1 }), "s"), /chunk must be a non-negative integer/);
  assert.throws(() => decodeTask(bad({ schema_version: 99 }), "s"), /schema_version 99/);
  assert.throws(() => decodeTask(bad({ seed: "1e3" }), "s"), /seed must be a decimal integer/);
  assert.throws(() => decodeTask(new TextEncoder().encode("{"), "s"), /not valid JSON/);
});

function chunkRows(count: number) {
  const genomes = kernels.sample(count, 5n);
  const distances = Uint8Array.from({ length: count }, (_, i) => i % 7);
  return { genomes, distances, keys: kernels.keys(genomes) };
}

test("a chunk's result split into parts by the payload limit is reassembled whatever the order and repeats of its parts", () => {
  const rows = chunkRows(1000);
  const perPart = rowsPerPart(LENGTH, 16 * 1024);
  assert.ok(perPart * rowBytes(LENGTH) <= 16 * 1024);
  const parts = encodeResultParts(1, 4, LENGTH, rows.genomes, rows.distances, rows.keys, perPart).map((bytes) => decodeResult(bytes) as ResultPart);
  assert.ok(parts.length >= 3, `${parts.length} parts`);
  const assembler = new ChunkAssembler(1, LENGTH, (chunk) => (chunk === 4 ? 1000 : undefined));
  // Reversed, every part twice: a chunk redone by a second worker after the first died mid-publish.
  const arrivals = [...parts].reverse().flatMap((part) => [part, part]);
  const completedAt = arrivals.map((part) => assembler.add(part));
  assert.equal(completedAt.filter(Boolean).length, 1, "the chunk completes once");
  assert.equal(assembler.duplicates, parts.length);
  const chunk = assembler.take(4);
  assert.deepEqual(chunk.genomes, rows.genomes);
  assert.deepEqual(chunk.distances, rows.distances);
  assert.deepEqual(chunk.keys, rows.keys);
  // A whole copy arriving after the chunk was reduced is ignored too.
  for (const part of parts) assert.equal(assembler.add(part), false);
  assert.equal(assembler.duplicates, 2 * parts.length);
});

test("a result part of the wrong size or for a chunk that does not exist fails the run with a clear error", () => {
  const rows = chunkRows(10);
  const [part] = encodeResultParts(0, 0, LENGTH, rows.genomes, rows.distances, rows.keys, 100).map((bytes) => decodeResult(bytes) as ResultPart);
  assert.throws(() => new ChunkAssembler(0, LENGTH, () => 11).add(part), (e: unknown) => e instanceof LissnasError && e.code === "E_ENGINE" && /sent 10 rows/.test(e.message));
  assert.throws(() => new ChunkAssembler(0, LENGTH, () => undefined).add(part), /no such chunk/);
  const bytes = encodeResultParts(0, 0, LENGTH, rows.genomes, rows.distances, rows.keys, 100)[0];
  assert.throws(() => decodeResult(bytes.subarray(0, bytes.length - 1)), /malformed/);
  assert.throws(() => decodeResult(new Uint8Array(5)), /shorter than its header/);
});

test("a worker's error report travels with its phase and chunk", () => {
  const report = decodeResult(encodeResultError(3, 7, "unknown space \"nb999\""));
  assert.ok(isResultError(report));
  assert.deepEqual(report, { phase: 3, chunk: 7, message: "unknown space \"nb999\"" });
});
