// The NB101 text form {"matrix": [[...]], "ops": ["input", ..., "output"]}: parsing into genomes with
// NAS-Bench-101's own checks (ModelSpec and api._check_spec), formatting back, and ModelSpec._prune.
import { LissnasError, type InputLocation } from "../../errors.js";
import { describe } from "../describe.js";
import {
  NB101_LENGTH, NB101_EDGE_GENES, NB101_VERTICES, NB101_OUTPUT, NB101_OPS,
  adjacencyRows, edgeGene, opOf,
} from "./genome.js";

export interface Nb101Spec {
  matrix: number[][];
  ops: string[];
}

const OP_INDEX = new Map<string, number>(NB101_OPS.map((op, i) => [op, i]));
const EXAMPLE = `{"matrix": [[0,1,1],[0,0,1],[0,0,0]], "ops": ["input","conv3x3-bn-relu","output"]}`;

/** Checks the shape and vocabulary of a spec (object or JSON text) as NAS-Bench-101 does. */
export function readSpec(value: unknown, location: InputLocation = {}): Nb101Spec {
  const where = { field: "arch", ...location };
  const fail = (detail: string): never => { throw new LissnasError("E_PARSE", detail, where); };
  let spec = value;
  if (typeof value === "string") {
    try {
      spec = JSON.parse(value);
    } catch (error) {
      fail(`expected an NB101 cell like ${EXAMPLE}; found text that is not JSON (${(error as Error).message})`);
    }
  }
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    fail(`expected an NB101 cell like ${EXAMPLE}; found ${describe(spec)}`);
  }
  const { matrix, ops } = spec as { matrix?: unknown; ops?: unknown };
  if (!Array.isArray(matrix)) fail(`expected "matrix" to be an array of rows; found ${describe(matrix)}`);
  if (!Array.isArray(ops)) fail(`expected "ops" to be an array of op names; found ${describe(ops)}`);
  const rows = matrix as unknown[];
  const names = ops as unknown[];
  const n = rows.length;
  if (n > NB101_VERTICES) fail(`a cell has at most ${NB101_VERTICES} vertices; found a ${n}x${n} matrix`);
  if (n < 2) fail(`a cell has at least 2 vertices (input and output); found ${n}`);
  const bits: number[][] = rows.map((row, i) => {
    if (!Array.isArray(row)) return fail(`matrix row ${i} must be an array; found ${describe(row)}`);
    if (row.length !== n) return fail(`matrix must be square: row ${i} has ${row.length} entries; expected ${n}`);
    return row.map((x, j) => {
      if (x === 0 || x === 1 || x === false || x === true) return Number(x);
      return fail(`matrix[${i}][${j}] must be 0 or 1; found ${describe(x)}`);
    });
  });
  if (names.length !== n) fail(`ops has ${names.length} entries; expected ${n} to match the ${n}x${n} matrix`);
  if (names[0] !== "input") fail(`ops[0] must be "input"; found ${describe(names[0])}`);
  if (names[n - 1] !== "output") fail(`ops[${n - 1}] (the last) must be "output"; found ${describe(names[n - 1])}`);
  for (let i = 1; i < n - 1; i++) {
    if (typeof names[i] !== "string" || !OP_INDEX.has(names[i] as string)) {
      fail(`unknown op ${describe(names[i])} at ops[${i}]; expected one of ${NB101_OPS.join(", ")}`);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      if (bits[i][j]) fail(`matrix must be upper-triangular (edges go from lower to higher vertices); found matrix[${i}][${j}] = 1`);
    }
  }
  return { matrix: bits, ops: names as string[] };
}

/** The raw genome of a checked spec (not pruned; see the layout in genome.ts). */
export function specToGenome(spec: Nb101Spec): Uint8Array {
  const n = spec.matrix.length;
  const place = (v: number) => (v === n - 1 ? NB101_OUTPUT : v);
  const genome = new Uint8Array(NB101_LENGTH);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (spec.matrix[i][j]) genome[edgeGene(place(i), place(j))] = 1;
  }
  for (let v = 1; v < n - 1; v++) genome[NB101_EDGE_GENES + v - 1] = OP_INDEX.get(spec.ops[v])!;
  return genome;
}

/**
 * The spec of a genome: vertices 0..m and the output, where m+1..5 is the longest run of isolated op-0
 * vertices before the output, so parse(format(g)) == g for every genome (canonical genomes print as
 * their pruned cell).
 */
export function genomeToSpec(genome: Uint8Array): Nb101Spec {
  const rows = adjacencyRows(genome);
  const last = specVertexCount(genome, rows) - 2;
  const vertices = [...Array.from({ length: last + 1 }, (_, v) => v), NB101_OUTPUT];
  return {
    matrix: vertices.map((u) => vertices.map((w) => (rows[u] >> w) & 1)),
    ops: vertices.map((v, i) => (i === 0 ? "input" : v === NB101_OUTPUT ? "output" : NB101_OPS[opOf(genome, v)])),
  };
}

/** Vertices of the spec genomeToSpec writes: 0..m, then the output (rows: adjacencyRows(genome)). */
export function specVertexCount(genome: Uint8Array, rows: readonly number[]): number {
  let into = 0;
  for (const row of rows) into |= row;
  let last = 5;
  while (last >= 1 && ((rows[last] | (into & (1 << last))) === 0) && opOf(genome, last) === 0) last--;
  return last + 2;
}

/**
 * NAS-Bench-101's ModelSpec._prune: drops vertices not both reachable from the input and reaching the
 * output, keeping the order of the rest; null when the input is not connected to the output.
 */
export function pruneSpec(spec: Nb101Spec): Nb101Spec | null {
  const n = spec.matrix.length;
  const fromInput = new Set([0]);
  const stack = [0];
  while (stack.length > 0) {
    const top = stack.pop()!;
    for (let v = top + 1; v < n; v++) {
      if (spec.matrix[top][v] && !fromInput.has(v)) { fromInput.add(v); stack.push(v); }
    }
  }
  const toOutput = new Set([n - 1]);
  stack.push(n - 1);
  while (stack.length > 0) {
    const top = stack.pop()!;
    for (let v = 0; v < top; v++) {
      if (spec.matrix[v][top] && !toOutput.has(v)) { toOutput.add(v); stack.push(v); }
    }
  }
  const kept = [...Array(n).keys()].filter((v) => fromInput.has(v) && toOutput.has(v));
  if (n - kept.length > n - 2) return null;
  return { matrix: kept.map((u) => kept.map((w) => spec.matrix[u][w])), ops: kept.map((v) => spec.ops[v]) };
}
