// Chunk executors compared on the same walk tasks (default nb301, radius 9; LISSNAS_ENGINE_SPACE and
// LISSNAS_ENGINE_RADIUS choose others; 200 walks a seed, 65,400-row chunks, the reduction a no-op): the local KernelPool on 1 and 2 threads, and the NATS JetStream
// path with 1 and 2 `lissnas worker` processes. Not part of `npm run bench` (it needs a server):
//   node dist/bench/engine.js nats://127.0.0.1:4222 [chunks] [nats-server pid]
// Besides wall-clock rates (which on a shared machine depend on its load), it reports CPU time per row
// of each party: this process (driver), the worker processes and the server (read from /proc).
import { readFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { KernelPool } from "../src/pool/kernelPool.js";
import { allocateChunkBuffers } from "../src/pool/chunkBuffers.js";
import type { ChunkTask, RunConfig } from "../src/pool/chunkTask.js";
import type { ChunkExecutor } from "../src/pool/chunkExecutor.js";
import { RemoteChunkExecutor } from "../src/distributed/remoteExecutor.js";

const url = process.argv[2] ?? process.env.LISSNAS_NATS_URL;
if (url === undefined) throw new Error("usage: node dist/bench/engine.js nats://HOST:PORT [chunks]");
const chunks = Number(process.argv[3] ?? 40);
const serverPid = process.argv[4];

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));

const space = getSpace(process.env.LISSNAS_ENGINE_SPACE ?? "nb301");
const radius = Number(process.env.LISSNAS_ENGINE_RADIUS ?? 9);
const kernels = new SpaceKernels(space);
const PER_SEED = 200;
const PER_CHUNK = Math.floor(65536 / PER_SEED);
const seedCount = chunks * PER_CHUNK;
const seeds = kernels.sample(seedCount, 3n);

function config(slots: number): RunConfig {
  const buffers = allocateChunkBuffers(space.genomeLength, seedCount, slots, PER_CHUNK * PER_SEED);
  new Uint8Array(buffers.seeds).set(seeds);
  new Int32Array(buffers.seedIndex).set(Int32Array.from({ length: seedCount }, (_, i) => i));
  return { space: space.id, seed: 1n, radius, perSeed: PER_SEED, buffers };
}

const tasks: ChunkTask[] = Array.from({ length: chunks }, (_, c) => ({ iteration: 1, chunk: c, start: c * PER_CHUNK, count: PER_CHUNK }));

async function measure(name: string, executor: ChunkExecutor, workerPids: number[] = []): Promise<void> {
  // Warm-up: compiles, connects, fills caches; then the timed pass.
  await executor.forEachInOrder(tasks.slice(0, 2), () => undefined);
  let rows = 0;
  let checksum = 0n;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const workersCpu = workerPids.map(cpuSeconds);
  const serverCpu = serverPid === undefined ? NaN : cpuSeconds(serverPid);
  await executor.forEachInOrder(tasks, ({ keys }) => {
    rows += keys.length;
    checksum ^= keys[keys.length - 1];
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const perRow = (cpuSecondsUsed: number) => (1e9 * cpuSecondsUsed / rows).toFixed(0);
  const workerCpu = workerPids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - workersCpu[i], 0);
  await executor.close();
  process.stdout.write(`${name.padEnd(38)} ${rows} rows in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds).toLocaleString("en-US").padStart(9)} rows/s; ` +
    `CPU ns/row: this process ${perRow((used.user + used.system) / 1e6)}` +
    (workerPids.length > 0 ? `, workers ${perRow(workerCpu)}` + (serverPid !== undefined ? `, server ${perRow(cpuSeconds(serverPid) - serverCpu)}` : "") : "") +
    ` (checksum ${checksum.toString(16)})\n`);
}

function startWorkers(count: number): { children: ChildProcess[]; ready: Promise<void> } {
  const children = Array.from({ length: count }, () => spawn(process.execPath, [BIN, "worker", "--connect", url!], { stdio: ["ignore", "ignore", "pipe"] }));
  const ready = Promise.all(children.map((child) => new Promise<void>((resolve) => {
    child.stderr!.setEncoding("utf8").on("data", (text: string) => { if (text.includes("worker connected")) resolve(); });
  }))).then(() => undefined);
  return { children, ready };
}

process.stdout.write(`${space.id}, radius ${radius}, ${chunks} chunks of ${PER_CHUNK * PER_SEED} rows; load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}\n`);
await measure("local KernelPool, 1 thread", new KernelPool(config(1), 1, kernels));
await measure("local KernelPool, 2 threads", new KernelPool(config(KernelPool.slotsFor(2)), 2, kernels));
for (const workers of [1, 2]) {
  const { children, ready } = startWorkers(workers);
  await ready;
  await measure(`NATS JetStream, ${workers} worker process${workers > 1 ? "es" : ""}`, await RemoteChunkExecutor.open(url, config(1)), children.map((child) => child.pid!));
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
}
