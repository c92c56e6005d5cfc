// NAS-Bench-301 / DARTS genome layout and the plain TypeScript reference of assembly/spaces/nb301.ts.
// Genome: 32 bytes, gene cell*16 + node*4 + edge*2 + {0: input node, 1: op}; cell 0 = normal,
// 1 = reduce; node k = 0..3 (node id k+2) reads two distinct inputs from {0, .., k+1}.
// The canonical form is pair-sorted only. Relabelling intermediate nodes that do not consume each
// other (all are concatenated, so such cells match up to a channel permutation) is NOT identified:
// size() and uniqueSize() both count pair-sorted genotypes, and distances are between those.
import type { SpaceReference } from "../space.js";

/** Op index order of NASLib's `compact` encoding. */
export const NB301_OPS = [
  "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5",
] as const;
export const NB301_CELLS = ["normal", "reduce"] as const;
export const NB301_LENGTH = 32;
export const NODES_PER_CELL = 4;
export const PAIRS_PER_CELL = 2 * NODES_PER_CELL;
const OPS = NB301_OPS.length;
/** Moves of one cell: node k has 2 edges x (6 other ops + k+1 other inputs). */
const CELL_MOVES = 68;
const NODE_MOVE_OFFSETS = [0, 14, 30, 48] as const;
export const NB301_MOVES = 2 * CELL_MOVES;

/** Gene index of an edge's input (add 1 for its op). */
export function geneOf(cell: number, node: number, edge: number): number {
  return cell * 16 + node * 4 + edge * 2;
}

/** Number of values of each gene: input genes of node k take k+2 values, op genes 7. */
export const NB301_CARDINALITIES: readonly number[] = Array.from({ length: NB301_LENGTH }, (_, gene) =>
  gene % 2 === 1 ? OPS : ((gene >> 2) & 3) + 2);

/**
 * Canonical genomes: per node an unordered pair of distinct inputs (C(k+2, 2) choices) with an op on
 * each (49), so a cell has prod_k C(k+2,2) * 49 = 1*3*6*10 * 49^4 = 1,037,664,180 and the space its
 * square. Raw (ordered-pair) genomes are 2^8 times as many.
 */
export function nb301CanonicalSize(): bigint {
  let cell = 1n;
  for (let k = 0; k < NODES_PER_CELL; k++) cell *= BigInt(((k + 2) * (k + 1)) / 2) * BigInt(OPS * OPS);
  return cell * cell;
}

/**
 * Edit distance = sum over the 8 nodes of min(straight, crossed), the Hamming distances of the node's
 * 4 genes under the two matchings of its edges. Why this is the shortest walk of valid moves
 * (one op change, or one input change keeping the node's inputs distinct), on canonical genomes:
 * - Lower bound: one move changes one gene, so each matching's Hamming distance changes by at most 1
 *   and so does their minimum; swapping a node's pair (canonicalisation) leaves the minimum unchanged.
 * - Upper bound: in each node take a minimising matching, preferring "crossed" on ties. Op changes are
 *   always allowed. Input changes i1->j1, i2->j2 (i1 != i2, j1 != j2): do i1->j1 first unless j1 == i2,
 *   then i2->j2 first unless j2 == i1. Both blocked means j1 == i2 and j2 == i1, where the other
 *   matching needs no input change and costs <= 2 <= this one: it would have been chosen instead.
 *   A single input change i1->j1 with i2 == j2 is never blocked, as j1 != j2.
 * Hence it is a metric on canonical genomes (the path metric of an undirected graph: every move has
 * an inverse move); zero exactly on equal canonical forms.
 * Largest value, per node: k = 0 has inputs {0, 1} on both sides, only ops differ: 2. k = 1 draws two
 * 2-subsets of {0, 1, 2}, which share an input, so one matching agrees on an input: <= 3, reached by
 * ((0,a),(1,a)) vs ((1,b),(2,b)). k = 2, 3: disjoint pairs {0,1} vs {2,3} with all ops different: 4.
 * Nodes are independent, so the maximum is 2 * (2 + 3 + 4 + 4) = 26, reached (test/nb301.test.ts).
 */
export const NB301_MAX_EDIT_DISTANCE = 26;

function nodeDistance(a: Uint8Array, b: Uint8Array, base: number): number {
  const straight = +(a[base] !== b[base]) + +(a[base + 1] !== b[base + 1]) + +(a[base + 2] !== b[base + 2]) + +(a[base + 3] !== b[base + 3]);
  const crossed = +(a[base] !== b[base + 2]) + +(a[base + 1] !== b[base + 3]) + +(a[base + 2] !== b[base]) + +(a[base + 3] !== b[base + 1]);
  return Math.min(straight, crossed);
}

export const nb301Reference: SpaceReference = {
  sample(rng) {
    const genome = new Uint8Array(NB301_LENGTH);
    for (let node = 0; node < 2 * NODES_PER_CELL; node++) {
      const base = node * 4;
      const inputs = (node & 3) + 2;
      const first = rng.below(inputs);
      genome[base] = first;
      genome[base + 1] = rng.below(OPS);
      let second = rng.below(inputs - 1);
      if (second >= first) second++;
      genome[base + 2] = second;
      genome[base + 3] = rng.below(OPS);
    }
    return genome;
  },
  canonicalize(genome) {
    for (let node = 0; node < 2 * NODES_PER_CELL; node++) {
      const base = node * 4;
      const limit = (node & 3) + 2;
      if (genome[base] >= limit || genome[base + 2] >= limit || genome[base] === genome[base + 2]) return false;
      if (genome[base + 1] >= OPS || genome[base + 3] >= OPS) return false;
    }
    for (let node = 0; node < 2 * NODES_PER_CELL; node++) {
      const base = node * 4;
      if (genome[base] > genome[base + 2]) {
        const [input, op] = [genome[base], genome[base + 1]];
        genome.copyWithin(base, base + 2, base + 4);
        genome[base + 2] = input;
        genome[base + 3] = op;
      }
    }
    return true;
  },
  editDistance(a, b) {
    let d = 0;
    for (let node = 0; node < 2 * NODES_PER_CELL; node++) d += nodeDistance(a, b, node * 4);
    return d;
  },
  moveCount: NB301_MOVES,
  applyMove(genome, k) {
    if (!Number.isInteger(k) || k < 0 || k >= NB301_MOVES) return null;
    const cell = Math.floor(k / CELL_MOVES);
    const r = k % CELL_MOVES;
    let node = NODES_PER_CELL - 1;
    while (r < NODE_MOVE_OFFSETS[node]) node--;
    const perEdge = node + 7;
    const edge = Math.floor((r - NODE_MOVE_OFFSETS[node]) / perEdge);
    const t = (r - NODE_MOVE_OFFSETS[node]) % perEdge;
    const gene = geneOf(cell, node, edge);
    const out = genome.slice();
    if (t < OPS - 1) {
      out[gene + 1] = t >= genome[gene + 1] ? t + 1 : t;
      return out;
    }
    const other = t - (OPS - 1);
    const input = other >= genome[gene] ? other + 1 : other;
    if (input === genome[geneOf(cell, node, 1 - edge)]) return null;
    out[gene] = input;
    return out;
  },
};
