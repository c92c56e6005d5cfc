// Plain TypeScript reference of the NB101 kernels, one genome at a time and written for clarity rather
// than speed: canonical form by brute force over every topological order, edit distance over all 120
// relabellings, the official hash with node:crypto's MD5. Tests check the kernels against these.
import { createHash } from "node:crypto";
import type { SpaceReference } from "../space.js";
import type { ReferenceRng } from "../../wasm/reference.js";
import {
  NB101_LENGTH, NB101_EDGE_GENES, NB101_OUTPUT, NB101_MAX_EDGES, NB101_MOVE_COUNT,
  adjacencyRows, edgeGene, edgeCount, liveMask, opOf, popcount, restrictRows,
} from "./genome.js";

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}

/** depth | in-degree | out-degree | height | op, as assembly/spaces/nb101.ts packs it. */
export function vertexInvariants(rows: readonly number[], live: number, genome: Uint8Array): Map<number, number> {
  const depth = new Array<number>(7).fill(0);
  for (let u = 0; u < NB101_OUTPUT; u++) {
    if (!(live & (1 << u))) continue;
    for (let w = u + 1; w < 7; w++) if (rows[u] & (1 << w)) depth[w] = Math.max(depth[w], depth[u] + 1);
  }
  const height = new Array<number>(7).fill(0);
  for (let v = NB101_OUTPUT - 1; v >= 0; v--) {
    for (let w = v + 1; w < 7; w++) if (rows[v] & (1 << w)) height[v] = Math.max(height[v], height[w] + 1);
  }
  const invariants = new Map<number, number>();
  for (let v = 1; v < NB101_OUTPUT; v++) {
    if (!(live & (1 << v))) continue;
    let indegree = 0;
    for (let u = 0; u < v; u++) if (rows[u] & (1 << v)) indegree++;
    invariants.set(v, (depth[v] << 11) | (indegree << 8) | (popcount(rows[v]) << 5) | (height[v] << 2) | opOf(genome, v));
  }
  return invariants;
}

function canonicalize(genome: Uint8Array): boolean {
  const live = liveMask(adjacencyRows(genome));
  if (live === 0) return false;
  const rows = restrictRows(adjacencyRows(genome), live);
  const invariants = vertexInvariants(rows, live, genome);
  const inner = [...invariants.keys()];
  let best: { key: number[]; order: number[] } | undefined;
  for (const order of permutations(inner)) {
    const position = new Map<number, number>([[0, 0], [NB101_OUTPUT, NB101_OUTPUT]]);
    order.forEach((v, i) => position.set(v, i + 1));
    const genes = new Array<number>(NB101_EDGE_GENES).fill(0);
    let topological = true;
    for (let u = 0; u < 7; u++) {
      for (let w = 0; w < 7; w++) {
        if (!(rows[u] & (1 << w))) continue;
        const pu = position.get(u)!;
        const pw = position.get(w)!;
        if (pu >= pw) topological = false;
        else genes[edgeGene(pu, pw)] = 1;
      }
    }
    if (!topological) continue;
    const key = [...order.map((v) => invariants.get(v)!), ...genes];
    if (best === undefined || lexicographicLess(key, best.key)) best = { key, order };
  }
  const order = best!.order;
  const canonical = new Uint8Array(NB101_LENGTH);
  canonical.set(best!.key.slice(order.length), 0);
  order.forEach((v, i) => { canonical[NB101_EDGE_GENES + i] = opOf(genome, v); });
  genome.set(canonical);
  return edgeCount(rows) <= NB101_MAX_EDGES;
}

function lexicographicLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

function isValid(genome: Uint8Array): boolean {
  const rows = adjacencyRows(genome);
  const live = liveMask(rows);
  return live !== 0 && edgeCount(restrictRows(rows, live)) <= NB101_MAX_EDGES;
}

const INNER_ORDERS = permutations([1, 2, 3, 4, 5]);

/** The pruned cell as 7-vertex rows and ops (vertices 0..6; absent ones isolated with op 0). */
function prunedCell(genome: Uint8Array): { rows: number[]; ops: number[] } {
  const rows = adjacencyRows(genome);
  const live = liveMask(rows);
  if (live === 0) return { rows, ops: [0, 1, 2, 3, 4, 5, 6].map((v) => (v >= 1 && v <= 5 ? opOf(genome, v) : 0)) };
  return {
    rows: restrictRows(rows, live),
    ops: [0, 1, 2, 3, 4, 5, 6].map((v) => (v >= 1 && v <= 5 && live & (1 << v) ? opOf(genome, v) : 0)),
  };
}

function editDistance(a: Uint8Array, b: Uint8Array): number {
  const cellA = prunedCell(a);
  const cellB = prunedCell(b);
  let best = Infinity;
  for (const order of INNER_ORDERS) {
    const map = [0, ...order, NB101_OUTPUT];
    let d = 0;
    for (let u = 0; u < 7; u++) {
      for (let w = 0; w < 7; w++) {
        const inA = (cellA.rows[u] >> w) & 1;
        const inB = (cellB.rows[map[u]] >> map[w]) & 1;
        d += inA ^ inB;
      }
    }
    for (let v = 1; v <= 5; v++) if (cellA.ops[v] !== cellB.ops[map[v]]) d++;
    best = Math.min(best, d);
  }
  return best;
}

function applyMove(genome: Uint8Array, k: number): Uint8Array | null {
  const out = genome.slice();
  const srcLive = liveMask(adjacencyRows(genome));
  if (k >= NB101_EDGE_GENES) {
    const vertex = 1 + ((k - NB101_EDGE_GENES) >> 1);
    if (!(srcLive & (1 << vertex))) return null;
    let op = (k - NB101_EDGE_GENES) & 1;
    if (op >= opOf(genome, vertex)) op++;
    out[NB101_EDGE_GENES + vertex - 1] = op;
    return out;
  }
  out[k] ^= 1;
  const rows = adjacencyRows(out);
  const live = liveMask(rows);
  if (live === 0 || (srcLive & ~live) !== 0) return null;
  if (edgeCount(restrictRows(rows, live)) > NB101_MAX_EDGES) return null;
  for (let v = 1; v < NB101_OUTPUT; v++) {
    if (live & (1 << v)) continue;
    const touched = rows[v] !== 0 || rows.some((row) => (row & (1 << v)) !== 0);
    if (touched && opOf(out, v) !== 0) return null;
  }
  return out;
}

function sample(rng: ReferenceRng): Uint8Array {
  const genome = new Uint8Array(NB101_LENGTH);
  for (;;) {
    const bits = rng.next();
    for (let gene = 0; gene < NB101_EDGE_GENES; gene++) genome[gene] = Number((bits >> BigInt(gene)) & 1n);
    for (let i = 0; i < 5; i++) genome[NB101_EDGE_GENES + i] = rng.below(3);
    if (isValid(genome)) return genome;
  }
}

export const nb101Reference: SpaceReference = { sample, canonicalize, editDistance, moveCount: NB101_MOVE_COUNT, applyMove };

function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/**
 * nasbench graph_util.hash_module over a pruned spec: labels -1 input, -2 output, op index inside.
 * Written from its description; used to check the WASM kernel.
 */
export function hashModule(matrix: readonly (readonly number[])[], labels: readonly number[]): string {
  const n = matrix.length;
  const outDegree = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const inDegree = labels.map((_, v) => matrix.reduce((s, row) => s + row[v], 0));
  let hashes = labels.map((label, v) => md5Hex(`(${outDegree[v]}, ${inDegree[v]}, ${label})`));
  for (let round = 0; round < n; round++) {
    hashes = hashes.map((own, v) => {
      const incoming = hashes.filter((_, w) => matrix[w][v]).sort().join("");
      const outgoing = hashes.filter((_, w) => matrix[v][w]).sort().join("");
      return md5Hex(`${incoming}|${outgoing}|${own}`);
    });
  }
  return md5Hex(`[${hashes.slice().sort().map((h) => `'${h}'`).join(", ")}]`);
}

/** Official fingerprint of a genome (pruned first); null when its input is not connected to its output. */
export function referenceOfficialHash(genome: Uint8Array): string | null {
  const live = liveMask(adjacencyRows(genome));
  if (live === 0) return null;
  const rows = restrictRows(adjacencyRows(genome), live);
  const vertices = [0, 1, 2, 3, 4, 5, 6].filter((v) => live & (1 << v));
  const matrix = vertices.map((u) => vertices.map((w) => (rows[u] >> w) & 1));
  const labels = vertices.map((v, i) => (i === 0 ? -1 : i === vertices.length - 1 ? -2 : opOf(genome, v)));
  return hashModule(matrix, labels);
}
