// NAS-Bench-101 genome layout (mirrors assembly/spaces/nb101.ts): genes 0..20 are the edge bits i->j
// (i < j) of a 7x7 upper-triangular matrix, row-major; genes 21..25 the ops of vertices 1..5
// (0 conv3x3-bn-relu, 1 conv1x1-bn-relu, 2 maxpool3x3). Vertex 0 is the input, 6 the output; a spec
// with n < 7 vertices keeps 0..n-2 in place, moves its output to 6 and pads n-1..5 with isolated
// op-0 vertices.
export const NB101_LENGTH = 26;
export const NB101_EDGE_GENES = 21;
export const NB101_VERTICES = 7;
export const NB101_OUTPUT = 6;
export const NB101_MAX_EDGES = 9;
/** NB101's canonical op order (op index = position), as ModelSpec.hash_spec labels vertices. */
export const NB101_OPS = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"] as const;
/** 21 edge toggles, then two alternative ops for each inner vertex. */
export const NB101_MOVE_COUNT = NB101_EDGE_GENES + 2 * 5;

/** Gene index of edge i->j (i < j). */
export function edgeGene(i: number, j: number): number {
  return ((i * (13 - i)) >> 1) + j - i - 1;
}

/** Out-neighbour bit masks per vertex (bit w of rows[v] = edge v->w). */
export function adjacencyRows(genome: Uint8Array): number[] {
  const rows = new Array<number>(NB101_VERTICES).fill(0);
  for (let i = 0; i < NB101_VERTICES; i++) {
    for (let j = i + 1; j < NB101_VERTICES; j++) if (genome[edgeGene(i, j)]) rows[i] |= 1 << j;
  }
  return rows;
}

export function opOf(genome: Uint8Array, vertex: number): number {
  return genome[NB101_EDGE_GENES + vertex - 1];
}

/** Vertices on an input->output path as a bit mask (ModelSpec._prune keeps these); 0 when disconnected. */
export function liveMask(rows: readonly number[]): number {
  let forward = 1;
  for (let v = 0; v < NB101_OUTPUT; v++) if (forward & (1 << v)) forward |= rows[v];
  let backward = 1 << NB101_OUTPUT;
  for (let v = NB101_OUTPUT - 1; v >= 0; v--) if (rows[v] & backward) backward |= 1 << v;
  const live = forward & backward;
  return live & (1 << NB101_OUTPUT) ? live : 0;
}

/** The rows restricted to live vertices. */
export function restrictRows(rows: readonly number[], live: number): number[] {
  return rows.map((row, v) => (live & (1 << v) ? row & live : 0));
}

export function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

export function edgeCount(rows: readonly number[]): number {
  return rows.reduce((sum, row) => sum + popcount(row), 0);
}
