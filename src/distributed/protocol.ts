// The messages between a driver (`shrink --connect`) and its workers (`lissnas worker`): chunk tasks
// (JSON, small) and chunk results (binary, split into parts that fit the server's payload limit).
// A task carries everything a worker needs, so workers keep no state across tasks or runs.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LissnasError } from "../errors.js";

export const PROTOCOL_VERSION = 1;

/** JetStream work-queue streams and the workers' shared durable consumer. */
export const TASK_STREAM = "LISSNAS_TASKS";
export const RESULT_STREAM = "LISSNAS_RESULTS";
export const WORKER_CONSUMER = "lissnas-workers";
export const TASK_SUBJECTS = "lissnas.task.>";
export const RESULT_SUBJECTS = "lissnas.result.>";

export function taskSubject(run: string): string {
  return `lissnas.task.${run}`;
}

export function resultSubject(run: string): string {
  return `lissnas.result.${run}`;
}

/** One chunk task as it travels: the local ChunkTask plus the run constants and the chunk's seeds. */
export interface TaskMessage {
  schema_version: number;
  /** Run id (subject token: letters and digits). */
  run: string;
  /** The driver's phase number within the run (one per forEachInOrder call); results are keyed by (run, phase, chunk). */
  phase: number;
  iteration: number;
  chunk: number;
  /** Iteration 0: index of the first sample in the run's stream; walks: unused (0). */
  start: number;
  /** Samples, or walk seeds. */
  count: number;
  /** Walks: the seed-ranking index of the chunk's first seed (names its RNG streams). */
  first_index: number;
  space: string;
  seed: string;
  radius: number;
  per_seed: number;
  /** Digest of the WASM core that must compute the task: a worker of another build refuses it. */
  kernel: string;
  /** Walks: the chunk's seed genomes, count x genome length bytes, base64. */
  seeds: string;
}

let kernelDigestCache: string | undefined;

/** sha256 (first 16 hex digits) of build/lissnas.wasm: equal digests compute equal chunks. */
export function kernelDigest(): string {
  if (kernelDigestCache === undefined) {
    const file = fileURLToPath(new URL("../../../build/lissnas.wasm", import.meta.url));
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new LissnasError("E_WASM", `the WebAssembly core ${file} is missing; run "npm run build" first`);
    }
    kernelDigestCache = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  }
  return kernelDigestCache;
}

export function encodeTask(task: TaskMessage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(task));
}

export function decodeTask(data: Uint8Array, subject: string): TaskMessage {
  let task: TaskMessage;
  try {
    task = JSON.parse(new TextDecoder().decode(data)) as TaskMessage;
  } catch (error) {
    throw new LissnasError("E_PARSE", `task on ${subject} is not valid JSON: ${(error as Error).message}`);
  }
  const integers = ["schema_version", "phase", "iteration", "chunk", "start", "count", "first_index", "radius", "per_seed"] as const;
  for (const field of integers) {
    if (!Number.isSafeInteger(task[field]) || task[field] < 0) {
      throw new LissnasError("E_PARSE", `task on ${subject}: ${field} must be a non-negative integer; found ${JSON.stringify(task[field])}`, { field });
    }
  }
  if (task.schema_version !== PROTOCOL_VERSION) {
    throw new LissnasError("E_PARSE", `task on ${subject} has schema_version ${task.schema_version}; this worker speaks ${PROTOCOL_VERSION}`, { field: "schema_version" });
  }
  for (const field of ["run", "space", "seed", "kernel", "seeds"] as const) {
    if (typeof task[field] !== "string") throw new LissnasError("E_PARSE", `task on ${subject}: ${field} must be a string`, { field });
  }
  if (!/^\d+$/.test(task.seed)) throw new LissnasError("E_PARSE", `task on ${subject}: seed must be a decimal integer; found "${task.seed}"`, { field: "seed" });
  return task;
}

/** Result part layout: 8 little-endian u32 header words, then keys (u64), genomes, distances. */
const HEADER_WORDS = 8;
export const RESULT_HEADER_BYTES = HEADER_WORDS * 4;
const KIND_ROWS = 0;
const KIND_ERROR = 1;

/** One part of a chunk's result: rows [first, first + count) of `total`. */
export interface ResultPart {
  phase: number;
  chunk: number;
  first: number;
  count: number;
  total: number;
  genomeLength: number;
  keys: BigUint64Array;
  genomes: Uint8Array;
  distances: Uint8Array;
}

/** A worker's report that it could not compute a chunk (the driver fails the run with it). */
export interface ResultError {
  phase: number;
  chunk: number;
  message: string;
}

/** Bytes a result row takes on the wire. */
export function rowBytes(genomeLength: number): number {
  return genomeLength + 1 + 8;
}

/** Rows per part so a part fits `maxPayload` bytes (the server's max_payload, 1 MiB by default). */
export function rowsPerPart(genomeLength: number, maxPayload: number): number {
  // Room for the subject and headers the server counts against the limit.
  const rows = Math.floor((maxPayload - RESULT_HEADER_BYTES - 1024) / rowBytes(genomeLength));
  if (rows < 1) throw new LissnasError("E_ENGINE", `the server's max_payload (${maxPayload} bytes) cannot hold one result row`);
  return rows;
}

/** A chunk's result as parts of at most `perPart` rows. */
export function encodeResultParts(phase: number, chunk: number, genomeLength: number, genomes: Uint8Array, distances: Uint8Array,
  keys: BigUint64Array, perPart: number): Uint8Array[] {
  const total = keys.length;
  const parts: Uint8Array[] = [];
  for (let first = 0; first < total || (total === 0 && first === 0); first += perPart) {
    const count = Math.min(perPart, total - first);
    const bytes = new Uint8Array(RESULT_HEADER_BYTES + count * rowBytes(genomeLength));
    const header = new DataView(bytes.buffer);
    [PROTOCOL_VERSION, KIND_ROWS, phase, chunk, first, count, total, genomeLength].forEach((word, i) => header.setUint32(4 * i, word, true));
    let at = RESULT_HEADER_BYTES;
    bytes.set(new Uint8Array(keys.buffer, keys.byteOffset + first * 8, count * 8), at);
    at += count * 8;
    bytes.set(genomes.subarray(first * genomeLength, (first + count) * genomeLength), at);
    at += count * genomeLength;
    bytes.set(distances.subarray(first, first + count), at);
    parts.push(bytes);
    if (total === 0) break;
  }
  return parts;
}

export function encodeResultError(phase: number, chunk: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify({ message }));
  const bytes = new Uint8Array(RESULT_HEADER_BYTES + text.length);
  const header = new DataView(bytes.buffer);
  [PROTOCOL_VERSION, KIND_ERROR, phase, chunk, 0, 0, 0, 0].forEach((word, i) => header.setUint32(4 * i, word, true));
  bytes.set(text, RESULT_HEADER_BYTES);
  return bytes;
}

export function decodeResult(data: Uint8Array): ResultPart | ResultError {
  if (data.length < RESULT_HEADER_BYTES) throw new LissnasError("E_PARSE", `result message of ${data.length} bytes is shorter than its header`);
  const header = new DataView(data.buffer, data.byteOffset, RESULT_HEADER_BYTES);
  const word = (i: number) => header.getUint32(4 * i, true);
  if (word(0) !== PROTOCOL_VERSION) throw new LissnasError("E_PARSE", `result message has protocol version ${word(0)}; expected ${PROTOCOL_VERSION}`);
  const phase = word(2);
  const chunk = word(3);
  if (word(1) === KIND_ERROR) {
    let message: string;
    try {
      message = String((JSON.parse(new TextDecoder().decode(data.subarray(RESULT_HEADER_BYTES))) as { message: unknown }).message);
    } catch {
      message = "(unreadable error report)";
    }
    return { phase, chunk, message };
  }
  const [first, count, total, genomeLength] = [word(4), word(5), word(6), word(7)];
  if (data.length !== RESULT_HEADER_BYTES + count * rowBytes(genomeLength) || first + count > total) {
    throw new LissnasError("E_PARSE", `result part of phase ${phase} chunk ${chunk} is malformed: rows ${first}+${count} of ${total}, ${data.length} bytes`);
  }
  // Copies: the message buffer is the client's, and keys need 8-byte alignment.
  let at = data.byteOffset + RESULT_HEADER_BYTES;
  const keys = new BigUint64Array(count);
  new Uint8Array(keys.buffer).set(new Uint8Array(data.buffer, at, count * 8));
  at += count * 8;
  const genomes = new Uint8Array(data.buffer, at, count * genomeLength).slice();
  at += count * genomeLength;
  const distances = new Uint8Array(data.buffer, at, count).slice();
  return { phase, chunk, first, count, total, genomeLength, keys, genomes, distances };
}

export function isResultError(result: ResultPart | ResultError): result is ResultError {
  return !("keys" in result);
}
