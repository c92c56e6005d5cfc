// TransNAS-Bench-101 micro cell genome and the plain TypeScript reference of assembly/spaces/tnb101Micro.ts.
// Genome: 6 bytes, one op per edge in the order the arch string spells them (and the benchmark's
// op_indices list them): 1<-0 | 2<-0, 2<-1 | 3<-0, 3<-1, 3<-2; ops 0 none, 1 skip_connect,
// 2 nor_conv_1x1, 3 nor_conv_3x3.
//
// Isomorphism: NB201-style equivalences (a `none` edge into a node whose other inputs are zero, skip
// chains) would merge some of these cells, but TransNAS-Bench-101 trains and reports every one of the
// 4,096 cells as its own network, with its own results on each task; merging them would lose rows.
// So the canonical form is the genome itself and uniqueSize() = size() = 4,096.
import type { SpaceReference } from "../space.js";

export const TNB101_MICRO_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3"] as const;
export const TNB101_MICRO_LENGTH = 6;
export const TNB101_MICRO_MOVES = 18;
const OPS = TNB101_MICRO_OPS.length;

export const tnb101MicroReference: SpaceReference = {
  sample(rng) {
    const genome = new Uint8Array(TNB101_MICRO_LENGTH);
    for (let i = 0; i < TNB101_MICRO_LENGTH; i++) genome[i] = rng.below(OPS);
    return genome;
  },
  canonicalize(genome) {
    return genome.length === TNB101_MICRO_LENGTH && genome.every((op) => op < OPS);
  },
  editDistance(a, b) {
    let d = 0;
    for (let i = 0; i < TNB101_MICRO_LENGTH; i++) if (a[i] !== b[i]) d++;
    return d;
  },
  moveCount: TNB101_MICRO_MOVES,
  applyMove(genome, k) {
    if (!Number.isInteger(k) || k < 0 || k >= TNB101_MICRO_MOVES) return null;
    const out = genome.slice();
    const edge = Math.floor(k / 3);
    const other = k % 3;
    out[edge] = other >= genome[edge] ? other + 1 : other;
    return out;
  },
};
