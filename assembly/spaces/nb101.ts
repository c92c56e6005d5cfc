// NAS-Bench-101 cell, 26 genes:
//   genes 0..20  edge bits i->j (i < j) of the 7x7 upper-triangular matrix, row-major
//                (0->1, 0->2, ..., 0->6, 1->2, ..., 5->6)
//   genes 21..25 ops of vertices 1..5: 0 conv3x3-bn-relu, 1 conv1x1-bn-relu, 2 maxpool3x3
// Vertex 0 is the input, vertex 6 the output. A spec with n < 7 vertices keeps vertices 0..n-2 in
// place, moves its output to 6 and pads n-1..5 with isolated op-0 vertices.
//
// Canonical form (nb101Canonicalize): prune as NAS-Bench-101's ModelSpec._prune does; the k live
// vertices keep input 0 and output 6, the k-2 live inner vertices take positions 1..k-2 and the rest
// are isolated op-0 padding. Inner vertices are ordered by an isomorphism invariant whose most
// significant field is the depth (longest path from the input), so every invariant-sorted order is
// topological; among the invariant-sorted orders (permutations within ties) the one whose edge genes,
// read as a binary number with gene 0 most significant, are smallest wins. Equivalently: the minimum
// over ALL topological orders of (invariant sequence, edge genes), which is what the TypeScript
// reference computes by brute force.
import { rngNext, rngBelow } from "../common";

export const NB101_LENGTH: i32 = 26;
export const NB101_EDGES: i32 = 21;
export const NB101_OPS: i32 = 3;
export const NB101_MAX_EDGES: i32 = 9;
// 21 edge toggles, then 2 alternative ops for each of the 5 inner vertices.
export const NB101_MOVES: i32 = NB101_EDGES + 2 * 5;

const OUTPUT: i32 = 6;
const ROW_MASK: u64 = 0x7f;

// Adjacency as a u64: byte v holds the out-neighbour bits of vertex v (bit w = edge v->w).
// @ts-ignore: decorator
@inline
export function row(adj: u64, v: i32): u32 {
  return <u32>((adj >> (<u64>v << 3)) & ROW_MASK);
}

/** Gene index of edge i->j (i < j). */
// @ts-ignore: decorator
@inline
export function edgeGene(i: i32, j: i32): i32 {
  return ((i * (13 - i)) >> 1) + j - i - 1;
}

export function loadAdjacency(g: usize): u64 {
  // The 21 edge genes as a 21-bit number (gene k = bit k), 8 bytes at a time and without branches;
  // then each row's run of genes moves to its byte (row i holds edges i->i+1..6, bits i+1..6).
  const genes = nonzeroBytes(load<u64>(g)) | (nonzeroBytes(load<u64>(g + 8)) << 8)
    | ((nonzeroBytes(load<u64>(g + 16)) & 0x1f) << 16);
  return ((<u64>genes & 0x3f) << 1) | ((<u64>(genes >> 6) & 0x1f) << 10) | ((<u64>(genes >> 11) & 0xf) << 19)
    | ((<u64>(genes >> 15) & 0x7) << 28) | ((<u64>(genes >> 18) & 0x3) << 37) | ((<u64>(genes >> 20) & 0x1) << 46);
}

/** Bit i set when byte i of `word` is not 0 (shifts below 8 keep each byte's OR in its own bit 0). */
// @ts-ignore: decorator
@inline
function nonzeroBytes(word: u64): u32 {
  let t = word | (word >> 4);
  t |= t >> 2;
  t |= t >> 1;
  // Bit 8i -> bit 56 + i (distinct partial products, so no carries).
  return <u32>(((t & 0x0101010101010101) * 0x0102040810204080) >> 56);
}

/** Vertices reachable from the input (edges only go forward, so one ascending pass suffices). */
// @ts-ignore: decorator
@inline
export function forwardReach(adj: u64): u32 {
  // Unrolled and branchless (the walk kernel calls this for every drawn edge move, and which vertices
  // are reached is unpredictable): row v joins when bit v of the reach is set.
  let reach: u32 = 1 | row(adj, 0);
  reach |= row(adj, 1) & (0 - ((reach >> 1) & 1));
  reach |= row(adj, 2) & (0 - ((reach >> 2) & 1));
  reach |= row(adj, 3) & (0 - ((reach >> 3) & 1));
  reach |= row(adj, 4) & (0 - ((reach >> 4) & 1));
  reach |= row(adj, 5) & (0 - ((reach >> 5) & 1));
  return reach;
}

/** Vertices from which the output is reachable. */
// @ts-ignore: decorator
@inline
export function backwardReach(adj: u64): u32 {
  let reach: u32 = 1 << OUTPUT;
  reach |= <u32>((row(adj, 5) & reach) != 0) << 5;
  reach |= <u32>((row(adj, 4) & reach) != 0) << 4;
  reach |= <u32>((row(adj, 3) & reach) != 0) << 3;
  reach |= <u32>((row(adj, 2) & reach) != 0) << 2;
  reach |= <u32>((row(adj, 1) & reach) != 0) << 1;
  reach |= <u32>((row(adj, 0) & reach) != 0);
  return reach;
}

/** Vertices on an input->output path (ModelSpec._prune keeps exactly these); bit 6 clear = invalid. */
// @ts-ignore: decorator
@inline
export function liveVertices(adj: u64): u32 {
  const live = forwardReach(adj) & backwardReach(adj);
  return (live >> <u32>OUTPUT) & 1 ? live : 0;
}

/** The adjacency restricted to live vertices (rows and columns of dead ones cleared). */
// @ts-ignore: decorator
@inline
export function restrictAdjacency(adj: u64, live: u32): u64 {
  return adj & liveRows(live) & (<u64>live * 0x0101010101010101);
}

/** Byte v = 0x7f when bit v of `vertices` is set: copy c of the 7 bits (at 7c) puts bit c at 8c, no carries. */
// @ts-ignore: decorator
@inline
function liveRows(vertices: u32): u64 {
  return ((<u64>vertices * 0x0000040810204081) & 0x0001010101010101) * ROW_MASK;
}

/** Vertices with at least one edge (in or out). */
// @ts-ignore: decorator
@inline
function touchedVertices(adj: u64): u32 {
  const sources = nonzeroBytes(adj);
  let into = adj | (adj >> 32);
  into |= into >> 16;
  into |= into >> 8;
  return (sources | <u32>into) & 0x7f;
}

/** Valid member: input connected to output and at most 9 edges after pruning. */
export function nb101IsValid(g: usize): bool {
  const adj = loadAdjacency(g);
  const live = liveVertices(adj);
  if (live == 0) return false;
  return <i32>popcnt(restrictAdjacency(adj, live)) <= NB101_MAX_EDGES;
}

// Scratch of the canonicaliser (static: kernels never allocate).
const INVARIANT: usize = memory.data(4 * 8); // u32 per vertex
const DEPTH: usize = memory.data(8);
const HEIGHT: usize = memory.data(8);
const ORDER: usize = memory.data(8); // live inner vertices in position order
const GROUP_START: usize = memory.data(8);
const GROUP_END: usize = memory.data(8);

/**
 * Invariant of a live vertex: depth | in-degree | out-degree | height | op, most significant first
 * (3 bits each, 2 for the op). Depth first makes invariant order a topological order.
 */
// @ts-ignore: decorator
@inline
function packInvariant(depth: u32, indegree: u32, outdegree: u32, height: u32, op: u32): u32 {
  return (depth << 11) | (indegree << 8) | (outdegree << 5) | (height << 2) | op;
}

/**
 * Writes the invariants of the live inner vertices of a pruned adjacency to INVARIANT (vertex-indexed);
 * ops read from `ops` (vertex v's op at ops + v - 1).
 */
export function computeInvariants(adj: u64, live: u32, ops: usize): void {
  for (let v = 0; v < 7; v++) store<u8>(DEPTH + <usize>v, 0);
  for (let u = 0; u < OUTPUT; u++) {
    if (((live >> <u32>u) & 1) == 0) continue;
    const next = load<u8>(DEPTH + <usize>u) + 1;
    let r = row(adj, u);
    while (r != 0) {
      const w = <usize>ctz(r);
      r &= r - 1;
      if (load<u8>(DEPTH + w) < next) store<u8>(DEPTH + w, next);
    }
  }
  store<u8>(HEIGHT + <usize>OUTPUT, 0);
  for (let v = OUTPUT - 1; v >= 0; v--) {
    let h: u8 = 0;
    let r = row(adj, v);
    while (r != 0) {
      const w = <usize>ctz(r);
      r &= r - 1;
      const via = load<u8>(HEIGHT + w) + 1;
      if (via > h) h = via;
    }
    store<u8>(HEIGHT + <usize>v, h);
  }
  for (let v = 1; v < OUTPUT; v++) {
    if (((live >> <u32>v) & 1) == 0) continue;
    const invariant = packInvariant(<u32>load<u8>(DEPTH + <usize>v), popcnt(column(adj, v)), popcnt(row(adj, v)),
      <u32>load<u8>(HEIGHT + <usize>v), <u32>load<u8>(ops + <usize>(v - 1)));
    store<u32>(INVARIANT + (<usize>v << 2), invariant);
  }
}

// @ts-ignore: decorator
@inline
export function invariantOf(v: i32): u32 {
  return load<u32>(INVARIANT + (<usize>v << 2));
}

/** Next lexicographic permutation of ORDER[start..end); false (and back to ascending) after the last. */
function nextPermutation(start: i32, end: i32): bool {
  let i = end - 2;
  while (i >= start && load<u8>(ORDER + <usize>i) >= load<u8>(ORDER + <usize>(i + 1))) i--;
  if (i < start) {
    reverseOrder(start, end - 1);
    return false;
  }
  let j = end - 1;
  while (load<u8>(ORDER + <usize>j) <= load<u8>(ORDER + <usize>i)) j--;
  const t = load<u8>(ORDER + <usize>i);
  store<u8>(ORDER + <usize>i, load<u8>(ORDER + <usize>j));
  store<u8>(ORDER + <usize>j, t);
  reverseOrder(i + 1, end - 1);
  return true;
}

function reverseOrder(lo: i32, hi: i32): void {
  while (lo < hi) {
    const t = load<u8>(ORDER + <usize>lo);
    store<u8>(ORDER + <usize>lo, load<u8>(ORDER + <usize>hi));
    store<u8>(ORDER + <usize>hi, t);
    lo++;
    hi--;
  }
}

/**
 * Canonicalises in place. Returns false when the input is not connected to the output (genome left
 * unchanged) or when the pruned cell has more than 9 edges (genome still rewritten to its canonical
 * pruned form, so its official hash can be computed).
 */
export function nb101Canonicalize(g: usize): bool {
  return canonicalizeCell(loadAdjacency(g), loadOps(g), g);
}

/**
 * nb101Canonicalize of the cell with adjacency word `raw` and packed ops `ops` (byte v = op of vertex
 * v), written to g (whose ops may be the ones read); g untouched when the input is not connected.
 * Invariants come from bit-parallel levels and byte-wise popcounts, the sort is a 5-input network, and
 * relabellings are built on the adjacency word; only tied invariants enumerate permutations.
 */
function canonicalizeCell(raw: u64, ops: u64, g: usize): bool {
  const live = liveVertices(raw);
  if (live == 0) return false;
  const adj = restrictAdjacency(raw, live);

  // Depth bytes: vertex v lies in level k >= 1 (successors of level k - 1, level 0 = live) exactly when
  // its longest path from the input has >= k edges (every live vertex is reachable from the input).
  // Height bytes: the same with predecessors (longest path to the output). Both run out after the
  // longest path's length, so one loop computes them side by side.
  let depths: u64 = 0;
  let heights: u64 = 0;
  let down = live;
  let up = live;
  while (true) {
    down = foldRows(adj & liveRows(down));
    up = nonzeroBytes(adj & (<u64>up * 0x0101010101010101)) & 0x7f;
    if (down == 0) break;
    depths += spreadBits(down);
    heights += spreadBits(up);
  }
  const outdegrees = bytePopcounts(adj);

  // Sort keys: invariant << 3 | vertex (ties stay ascending by vertex); dead vertices sort last.
  let k1 = sortKey(adj, live, ops, depths, heights, outdegrees, 1);
  let k2 = sortKey(adj, live, ops, depths, heights, outdegrees, 2);
  let k3 = sortKey(adj, live, ops, depths, heights, outdegrees, 3);
  let k4 = sortKey(adj, live, ops, depths, heights, outdegrees, 4);
  let k5 = sortKey(adj, live, ops, depths, heights, outdegrees, 5);
  // Optimal 5-input sorting network (9 comparators).
  let t: u32;
  t = min(k1, k2); k2 = max(k1, k2); k1 = t;
  t = min(k4, k5); k5 = max(k4, k5); k4 = t;
  t = min(k3, k5); k5 = max(k3, k5); k3 = t;
  t = min(k3, k4); k4 = max(k3, k4); k3 = t;
  t = min(k1, k4); k4 = max(k1, k4); k1 = t;
  t = min(k1, k3); k3 = max(k1, k3); k1 = t;
  t = min(k2, k5); k5 = max(k2, k5); k2 = t;
  t = min(k2, k4); k4 = max(k2, k4); k2 = t;
  t = min(k2, k3); k3 = max(k2, k3); k2 = t;

  const inner = <i32>popcnt(live & 0x3e);
  // Position -> vertex, byte p (dead positions 0xff: their rows and columns stay empty).
  const innerBytes: u64 = inner == 0 ? 0 : (((<u64>1) << (<u64>inner << 3)) - 1) << 8;
  const order: u64 = <u64>(k1 & 7) | (<u64>(k2 & 7) << 8) | (<u64>(k3 & 7) << 16) | (<u64>(k4 & 7) << 24) | (<u64>(k5 & 7) << 32);
  const fixed: u64 = (0xff00ffffffffff00 & ~innerBytes) | (<u64>OUTPUT << 48);
  let best = relabelledWord(adj, (order << 8) & innerBytes | fixed, inner);
  // Ops by position come from the sorted invariants (the op is part of the invariant).
  const opsByPosition: u32 = ((k1 >> 3) & 3) | (((k2 >> 3) & 3) << 8) | (((k3 >> 3) & 3) << 16) | (((k4 >> 3) & 3) << 24);
  const op5 = <u8>((k5 >> 3) & 3);

  // Tie groups: runs of equal invariant, the only freedom left among invariant-sorted orders.
  const tied = (inner >= 2 && (k1 >> 3) == (k2 >> 3)) || (inner >= 3 && (k2 >> 3) == (k3 >> 3))
    || (inner >= 4 && (k3 >> 3) == (k4 >> 3)) || (inner >= 5 && (k4 >> 3) == (k5 >> 3));
  if (tied) {
    store<u64>(ORDER, order);
    store<u32>(SORTED, k1 >> 3);
    store<u32>(SORTED + 4, k2 >> 3);
    store<u32>(SORTED + 8, k3 >> 3);
    store<u32>(SORTED + 12, k4 >> 3);
    store<u32>(SORTED + 16, k5 >> 3);
    let groups = 0;
    let start = 0;
    for (let i = 1; i <= inner; i++) {
      if (i == inner || sortedInvariant(i) != sortedInvariant(start)) {
        if (i - start > 1) {
          store<u8>(GROUP_START + <usize>groups, <u8>start);
          store<u8>(GROUP_END + <usize>groups, <u8>i);
          groups++;
        }
        start = i;
      }
    }
    let bestKey = codeKey(best);
    while (true) {
      let group = groups - 1;
      for (; group >= 0; group--) {
        if (nextPermutation(<i32>load<u8>(GROUP_START + <usize>group), <i32>load<u8>(GROUP_END + <usize>group))) break;
      }
      if (group < 0) break;
      const word = relabelledWord(adj, (load<u64>(ORDER) << 8) & innerBytes | fixed, inner);
      const key = codeKey(word);
      if (key < bestKey) {
        bestKey = key;
        best = word;
      }
    }
  }

  // Genes row by row: row i's edges i->i+1..6 are genes edgeGene(i, i+1).. (each u64 store's spill
  // past the row is zeros that the next row overwrites; ops last).
  store<u64>(g, spreadBits(row(best, 0)) >> 8);
  store<u64>(g + 6, spreadBits(row(best, 1)) >> 16);
  store<u64>(g + 11, spreadBits(row(best, 2)) >> 24);
  store<u64>(g + 15, spreadBits(row(best, 3)) >> 32);
  store<u64>(g + 18, spreadBits(row(best, 4)) >> 40);
  store<u8>(g + 20, <u8>(row(best, 5) >> 6));
  store<u32>(g + <usize>NB101_EDGES, opsByPosition);
  store<u8>(g + <usize>(NB101_EDGES + 4), op5);
  return <i32>popcnt(adj) <= NB101_MAX_EDGES;
}

// @ts-ignore: decorator
@inline
function sortedInvariant(i: i32): u32 {
  return load<u32>(SORTED + (<usize>i << 2));
}

const SORTED: usize = memory.data(4 * 8); // invariants by sorted position, while ties are enumerated

/** Sort key of inner vertex v: invariant << 3 | v, or 1 << 31 | v when v is dead. */
// @ts-ignore: decorator
@inline
function sortKey(adj: u64, live: u32, ops: u64, depths: u64, heights: u64, outdegrees: u64, v: i32): u32 {
  if (((live >> <u32>v) & 1) == 0) return 0x80000000 | <u32>v;
  const shift = <u64>v << 3;
  const invariant = packInvariant(<u32>((depths >> shift) & 0xff), popcnt(column(adj, v)), <u32>((outdegrees >> shift) & 0xff),
    <u32>((heights >> shift) & 0xff), <u32>((ops >> shift) & 0xff));
  return (invariant << 3) | <u32>v;
}

/** Vertices with an edge from a row of `rows` (the OR of its bytes). */
// @ts-ignore: decorator
@inline
function foldRows(rows: u64): u32 {
  let x = rows | (rows >> 32);
  x |= x >> 16;
  x |= x >> 8;
  return <u32>x & 0x7f;
}

/** Byte v = bit v of a 7-bit set (as liveRows, without widening to 0x7f). */
// @ts-ignore: decorator
@inline
function spreadBits(bits: u32): u64 {
  return (<u64>bits * 0x0000040810204081) & 0x0001010101010101;
}

/** Popcount of every byte. */
// @ts-ignore: decorator
@inline
function bytePopcounts(x: u64): u64 {
  x -= (x >> 1) & 0x5555555555555555;
  x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333);
  return (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f;
}

/**
 * The adjacency relabelled by `perm` (byte p = vertex at position p, >= 16 for an empty position):
 * rows gathered by a byte swizzle, then columns 1..inner moved bit by bit (column 6 stays).
 */
// @ts-ignore: decorator
@inline
function relabelledWord(adj: u64, perm: u64, inner: i32): u64 {
  const rows = i64x2.extract_lane(i8x16.swizzle(i64x2.splat(adj), i64x2.splat(perm)), 0);
  let out = rows & 0x4040404040404040;
  for (let p = 1; p <= inner; p++) {
    out |= ((rows >> ((perm >> (<u64>p << 3)) & 0xff)) & 0x0101010101010101) << <u64>p;
  }
  return out;
}

/** Order key of a relabelled word matching the edge genes read with gene 0 most significant. */
// @ts-ignore: decorator
@inline
function codeKey(word: u64): u64 {
  // Row 0 most significant (byte swap), column 1 before column 2 (bits reversed in each byte).
  word = ((word >> 1) & 0x5555555555555555) | ((word & 0x5555555555555555) << 1);
  word = ((word >> 2) & 0x3333333333333333) | ((word & 0x3333333333333333) << 2);
  word = ((word >> 4) & 0x0f0f0f0f0f0f0f0f) | ((word & 0x0f0f0f0f0f0f0f0f) << 4);
  return bswap<u64>(word);
}

/** Rejection sampling as NASLib/naszilla: 21 fair edge bits and 5 uniform ops until valid. */
export function nb101Sample(out: usize): void {
  while (true) {
    const bits = rngNext();
    for (let gene = 0; gene < NB101_EDGES; gene++) store<u8>(out + <usize>gene, <u8>((bits >> <u64>gene) & 1));
    for (let i = 0; i < 5; i++) store<u8>(out + <usize>(NB101_EDGES + i), <u8>rngBelow(NB101_OPS));
    if (nb101IsValid(out)) return;
  }
}

/**
 * Move k < 21 toggles edge gene k; move 21 + 2(v-1) + a gives inner vertex v the a-th op other than
 * its own. A move is allowed when the result is valid, no live vertex dies, only a live vertex changes
 * op, and every dangling vertex (has edges, not live) has op 0. Vertices are born through one
 * dangling step (edge to a padding vertex, then the edge that makes it live); they never die, since
 * the first removal of a dying vertex's edges would jump several edits at once. Together these keep
 * the canonical edit distance of a walk's end from its (canonical) start at most the walk's length.
 */
export function nb101ApplyMove(src: usize, dst: usize, k: i32): bool {
  memory.copy(dst, src, NB101_LENGTH);
  const srcAdj = loadAdjacency(src);
  const srcLive = liveVertices(srcAdj);
  if (k >= NB101_EDGES) {
    const vertex = 1 + ((k - NB101_EDGES) >> 1);
    if (((srcLive >> <u32>vertex) & 1) == 0) return false;
    const gene = dst + <usize>(NB101_EDGES + vertex - 1);
    const current = <i32>load<u8>(gene);
    let op = (k - NB101_EDGES) & 1;
    if (op >= current) op++;
    store<u8>(gene, <u8>op);
    return true;
  }
  store<u8>(dst + <usize>k, load<u8>(src + <usize>k) ^ 1);
  const dstAdj = loadAdjacency(dst);
  const dstLive = liveVertices(dstAdj);
  if (dstLive == 0) return false;
  if ((srcLive & ~dstLive) != 0) return false;
  if (<i32>popcnt(restrictAdjacency(dstAdj, dstLive)) > NB101_MAX_EDGES) return false;
  for (let v = 1; v < OUTPUT; v++) {
    if ((dstLive >> <u32>v) & 1) continue;
    let touches = row(dstAdj, v) != 0;
    for (let u = 0; u < v; u++) touches = touches || ((row(dstAdj, u) >> <u32>v) & 1) != 0;
    if (touches && load<u8>(dst + <usize>(NB101_EDGES + v - 1)) != 0) return false;
  }
  return true;
}

// Bit of edge gene k in the adjacency word: (i << 3) + j for gene k = edge i->j.
const GENE_BIT: usize = memory.data<u8>([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 19, 20, 21, 22, 28, 29, 30, 37, 38, 46]);

// The origin of the walks, as nb101WalkNeighbour starts from it and measures against it.
let walkStartAdj: u64 = 0;
let walkStartOps: u64 = 0;
let walkStartLive: u32 = 0;
let walkOriginAdj: u64 = 0; // pruned
let walkOriginOps: u64 = 0; // pruned

/** Sets the origin of the next nb101WalkNeighbour calls (once per seed). */
export function nb101WalkFrom(origin: usize): void {
  walkStartAdj = loadAdjacency(origin);
  walkStartOps = loadOps(origin);
  walkStartLive = liveVertices(walkStartAdj);
  walkOriginAdj = prunedCell(walkStartAdj, walkStartOps);
  walkOriginOps = prunedOps;
}

/**
 * One random-walk neighbour of the origin set by nb101WalkFrom, as walkNeighbours draws it (the RNG
 * already seeded for this walk): up to `retries` attempts of 1 + rngBelow(radius) moves, each move the
 * first valid of up to `tries` drawn indices; an attempt ends the walk when its end lies at distance
 * 1..radius. The same draws and moves as nb101ApplyMove on gene bytes, but on the adjacency word and
 * packed ops, with the exact distance of the pruned words (bounds first, then the search). Writes the
 * canonical form of the last end to `out` and returns the distance of that end as reached, or -1 when
 * a step found no valid move. Called by walkNeighbours once per walk.
 */
export function nb101WalkNeighbour(radius: i32, tries: i32, retries: i32, out: usize): i32 {
  const startAdj = walkStartAdj;
  const startOps = walkStartOps;
  const startLive = walkStartLive;
  const originAdj = walkOriginAdj;
  const originOps = walkOriginOps;
  let adj = startAdj;
  let ops = startOps;
  let d = 0;
  for (let attempt = 0; attempt < retries; attempt++) {
    const steps = 1 + <i32>rngBelow(<u32>radius);
    adj = startAdj;
    ops = startOps;
    let live = startLive;
    for (let s = 0; s < steps; s++) {
      let moved = false;
      for (let t = 0; t < tries; t++) {
        const k = <i32>rngBelow(<u32>NB101_MOVES);
        if (k >= NB101_EDGES) {
          const vertex = 1 + ((k - NB101_EDGES) >> 1);
          if (((live >> <u32>vertex) & 1) == 0) continue;
          const shift = <u64>vertex << 3;
          const current = <i32>((ops >> shift) & 0xff);
          let op = (k - NB101_EDGES) & 1;
          if (op >= current) op++;
          ops = (ops & ~((<u64>0xff) << shift)) | (<u64>op << shift);
          moved = true;
          break;
        }
        const next = adj ^ ((<u64>1) << <u64>load<u8>(GENE_BIT + <usize>k));
        const nextLive = liveVertices(next);
        if (nextLive == 0 || (live & ~nextLive) != 0) continue;
        if (<i32>popcnt(restrictAdjacency(next, nextLive)) > NB101_MAX_EDGES) continue;
        // Every dangling inner vertex (has edges, not live) must have op 0.
        if ((touchedVertices(next) & ~nextLive & nonzeroBytes(ops) & 0x3e) != 0) continue;
        adj = next;
        live = nextLive;
        moved = true;
        break;
      }
      if (!moved) return -1;
    }
    const endAdj = prunedCellOf(adj, ops, live);
    d = prunedDistance(originAdj, originOps, endAdj, prunedOps);
    if (d >= 1 && d <= radius) break;
  }
  // The end's canonical form straight from the words (a walk's end is always connected).
  if (!canonicalizeCell(adj, ops, out)) {
    let gene = 0;
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 7; j++) {
        store<u8>(out + <usize>gene, <u8>((adj >> (<u64>((i << 3) + j))) & 1));
        gene++;
      }
    }
    for (let v = 1; v < OUTPUT; v++) store<u8>(out + <usize>(NB101_EDGES + v - 1), <u8>((ops >> (<u64>v << 3)) & 0xff));
  }
  return d;
}

/** Ops packed as bytes: byte v = op of inner vertex v (bytes 0, 6, 7 zero). */
// @ts-ignore: decorator
@inline
function loadOps(g: usize): u64 {
  // Genes 20..25 (the last edge gene, masked off, then the 5 ops), read as u32 + u16.
  return ((<u64>load<u32>(g + 20) | (<u64>load<u16>(g + 24) << 32)) & 0xffffffffff00);
}

/** Bit v set when inner vertex v's op (byte v of `ops`) is not 0. */
// Second result of prunedCell: the packed ops with those of dead vertices set to 0.
let prunedOps: u64 = 0;

/**
 * Pruned adjacency of a cell (dead vertices lose their edges); its packed ops with dead ones set to 0
 * go to `prunedOps`. A disconnected genome is no cell: it is compared as written.
 */
// @ts-ignore: decorator
@inline
function prunedCell(adj: u64, ops: u64): u64 {
  return prunedCellOf(adj, ops, liveVertices(adj));
}

/** prunedCell given the cell's live vertices. */
// @ts-ignore: decorator
@inline
function prunedCellOf(adj: u64, ops: u64, live: u32): u64 {
  if (live == 0) {
    prunedOps = ops;
    return adj;
  }
  prunedOps = ops & liveRows(live);
  return restrictAdjacency(adj, live);
}

/**
 * Minimum number of edge toggles plus op changes turning cell a into cell b over all 120 relabellings
 * of the inner vertices 1..5, both taken pruned (so a raw genome is measured as its canonical form);
 * vertices absent from a pruned cell count as isolated op-0 (conv3x3-bn-relu) vertices. A metric on
 * canonical forms: the distance between 7-vertex labelled digraphs up to isomorphism, where isolated
 * vertices are exactly the absent ones of a pruned cell.
 */
export function nb101EditDistance(a: usize, b: usize): i32 {
  const adjA = prunedCell(loadAdjacency(a), loadOps(a));
  const opsA = prunedOps;
  const adjB = prunedCell(loadAdjacency(b), loadOps(b));
  return prunedDistance(adjA, opsA, adjB, prunedOps);
}

/** nb101EditDistance of pruned cells given as adjacency words and packed ops. */
// @ts-ignore: decorator
@inline
function prunedDistance(adjA: u64, opsA: u64, adjB: u64, opsB: u64): i32 {
  // Upper bound: the identity relabelling. Walks move in raw coordinates, so it is usually exact.
  const upper = <i32>popcnt(adjA ^ adjB) + <i32>popcnt(nonzeroBytes(opsA ^ opsB));
  // 0 is exact; 1 too: one differing edge or op changes the edge count or the op multiset, so the
  // cells are not isomorphic.
  if (upper <= 1) return upper;
  const lower = distanceLowerBound(adjA, opsA, adjB, opsB);
  if (lower >= upper) return upper;
  return searchRelabellings(adjA, opsA, adjB, opsB, upper, lower);
}

// Edges in classes that every relabelling of the inner vertices maps onto themselves (bytes: 0->6,
// 0->inner, inner->6, inner->inner); |count difference| per class bounds the edge edits from below.
const FROM_INPUT: u64 = 0x3e; // bits 1..5 of row 0
const INTO_OUTPUT: u64 = 0x0000404040404000; // bit 6 of rows 1..5
const INNER_INNER: u64 = 0x00003e3e3e3e3e00; // bits 1..5 of rows 1..5

// @ts-ignore: decorator
@inline
function edgeClasses(adj: u64): u32 {
  return <u32>((adj >> 6) & 1) | (<u32>popcnt(adj & FROM_INPUT) << 8) | (<u32>popcnt(adj & INTO_OUTPUT) << 16)
    | (<u32>popcnt(adj & INNER_INNER) << 24);
}

/**
 * A lower bound of the edit distance valid for every relabelling: per fixed edge class, the edge-count
 * difference; plus the ops (packed) that no relabelling can match (op multiset mismatch).
 */
function distanceLowerBound(adjA: u64, opsA: u64, adjB: u64, opsB: u64): i32 {
  const classesA = edgeClasses(adjA);
  const classesB = edgeClasses(adjB);
  let lower = 0;
  for (let c: u32 = 0; c < 32; c += 8) lower += abs(<i32>((classesA >> c) & 0xff) - <i32>((classesB >> c) & 0xff));
  let countsA: u32 = 0;
  let countsB: u32 = 0;
  for (let v = 1; v <= 5; v++) {
    countsA += 1 << (<u32>((opsA >> (<u64>v << 3)) & 0xff) << 3);
    countsB += 1 << (<u32>((opsB >> (<u64>v << 3)) & 0xff) << 3);
  }
  let matched = 0;
  for (let op: u32 = 0; op < 3; op++) matched += <i32>min((countsA >> (op << 3)) & 0xff, (countsB >> (op << 3)) & 0xff);
  return lower + 5 - matched;
}

// Branch and bound over relabellings: A's inner vertices 1..5 are mapped in order to B's unused ones;
// a partial map costs the op and 0->v, v->6 edge differences of the mapped vertices plus the
// differences of edges among them, so it only grows and a branch stops once it reaches the best.
const VERTEX_KEY_A: usize = memory.data(8); // op | 0->v << 2 | v->6 << 3, per inner vertex
const VERTEX_KEY_B: usize = memory.data(8);
const IN_A: usize = memory.data(8); // in-neighbours among inner vertices, per inner vertex
const NEIGHBOURS_B: usize = memory.data(8); // in- and out-neighbours among inner vertices
const IN_B: usize = memory.data(8);
const MAPPED: usize = memory.data(8); // A vertex -> B vertex
let searchBest: i32 = 0;
let searchLower: i32 = 0;
// Key counts (byte 0..2: op 0..2, byte 3: 0->v, byte 4: v->6) of A's vertices v..5, per v (6: none).
const SUFFIX_COUNTS_A: usize = memory.data(8 * 8);

/** Count bytes of a vertex key (op | 0->v << 2 | v->6 << 3). */
// @ts-ignore: decorator
@inline
function keyCounts(key: u32): u64 {
  return ((<u64>1) << (<u64>(key & 3) << 3)) | (<u64>((key >> 2) & 1) << 24) | (<u64>(key >> 3) << 32);
}

/**
 * Lower bound of the key mismatches between the remaining A and B vertices (as many of each): the
 * op multiset mismatch plus the 0->v and v->6 count differences.
 */
// @ts-ignore: decorator
@inline
function remainingLower(countsA: u64, countsB: u64, remaining: i32): i32 {
  const matched = <i32>min(countsA & 0xff, countsB & 0xff) + <i32>min((countsA >> 8) & 0xff, (countsB >> 8) & 0xff)
    + <i32>min((countsA >> 16) & 0xff, (countsB >> 16) & 0xff);
  return remaining - matched + abs(<i32>((countsA >> 24) & 0xff) - <i32>((countsB >> 24) & 0xff))
    + abs(<i32>((countsA >> 32) & 0xff) - <i32>((countsB >> 32) & 0xff));
}

/** Bit x set when edge x->v exists (column v of the adjacency word). */
// @ts-ignore: decorator
@inline
function column(adj: u64, v: i32): u32 {
  return <u32>((((adj >> <u64>v) & 0x0101010101010101) * 0x0102040810204080) >> 56);
}

/**
 * Exact minimum over the 120 relabellings of the inner vertices, given an upper bound reached by some
 * relabelling (the search looks for strictly better maps) and a lower bound at which it may stop.
 */
function searchRelabellings(adjA: u64, opsA: u64, adjB: u64, opsB: u64, upper: i32, lower: i32): i32 {
  for (let v = 1; v < OUTPUT; v++) {
    const shift = <u64>v << 3;
    const colA = column(adjA, v);
    const colB = column(adjB, v);
    store<u8>(VERTEX_KEY_A + <usize>v, <u8>(<u32>((opsA >> shift) & 0xff) | ((colA & 1) << 2) | ((row(adjA, v) >> 6) << 3)));
    store<u8>(VERTEX_KEY_B + <usize>v, <u8>(<u32>((opsB >> shift) & 0xff) | ((colB & 1) << 2) | ((row(adjB, v) >> 6) << 3)));
    store<u8>(IN_A + <usize>v, <u8>(colA & 0x3e));
    store<u8>(IN_B + <usize>v, <u8>(colB & 0x3e));
    store<u8>(NEIGHBOURS_B + <usize>v, <u8>((colB | row(adjB, v)) & 0x3e));
  }
  searchBest = upper;
  searchLower = lower;
  let countsB: u64 = 0;
  store<u64>(SUFFIX_COUNTS_A + 48, 0);
  for (let v = 5; v >= 1; v--) {
    store<u64>(SUFFIX_COUNTS_A + (<usize>v << 3), load<u64>(SUFFIX_COUNTS_A + (<usize>(v + 1) << 3))
      + keyCounts(<u32>load<u8>(VERTEX_KEY_A + <usize>v)));
    countsB += keyCounts(<u32>load<u8>(VERTEX_KEY_B + <usize>v));
  }
  mapFrom(1, 0, <i32>((adjA ^ adjB) >> 6) & 1, countsB);
  return searchBest;
}

function mapFrom(v: i32, usedB: u32, cost: i32, countsB: u64): void {
  const suffixA = load<u64>(SUFFIX_COUNTS_A + (<usize>(v + 1) << 3));
  const keyA = <u32>load<u8>(VERTEX_KEY_A + <usize>v);
  // A's in-neighbours of v are all mapped already (edges go forward); their images in B.
  let inA = <u32>load<u8>(IN_A + <usize>v);
  let image: u32 = 0;
  while (inA != 0) {
    image |= 1 << <u32>load<u8>(MAPPED + <usize>ctz(inA));
    inA &= inA - 1;
  }
  const imageEdges = <i32>popcnt(image);
  let free = 0x3e & ~usedB;
  while (free != 0) {
    const w = ctz(free);
    free &= free - 1;
    const keyB = <u32>load<u8>(VERTEX_KEY_B + <usize>w);
    const diff = keyA ^ keyB;
    // Edges between v and the mapped vertices: A's (into v) plus B's (either way) minus twice the shared.
    const c = cost + i32((diff & 3) != 0) + <i32>popcnt(diff >> 2) + imageEdges
      + <i32>popcnt(<u32>load<u8>(NEIGHBOURS_B + <usize>w) & usedB) - 2 * <i32>popcnt(image & <u32>load<u8>(IN_B + <usize>w));
    if (c >= searchBest) continue;
    if (v == 5) {
      searchBest = c;
    } else {
      // The vertices after v still cost their key mismatches at least.
      const restB = countsB - keyCounts(keyB);
      if (c + remainingLower(suffixA, restB, 5 - v) >= searchBest) continue;
      store<u8>(MAPPED + <usize>v, <u8>w);
      mapFrom(v + 1, usedB | (1 << w), c, restB);
    }
    if (searchBest <= searchLower) return;
  }
}
