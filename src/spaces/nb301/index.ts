// NAS-Bench-301 / DARTS: normal + reduce cell, 4 intermediate nodes each with two (op, input) edges,
// 7 ops. Text form: Genotype(normal=[('sep_conv_3x3', 0), …], normal_concat=[2, 3, 4, 5], reduce=[…], …);
// NASLib's compact [[input, op] x 8] x 2 is accepted too. Kernels: assembly/spaces/nb301.ts.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { describe } from "../describe.js";
import { NB301_CARDINALITIES, NB301_LENGTH, NB301_MAX_EDIT_DISTANCE, nb301CanonicalSize, nb301Reference } from "./genome.js";
import { formatGenotype, parseCompact, parseGenotype } from "./genotype.js";

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  if (typeof value === "string") return parseGenotype(value, location);
  if (Array.isArray(value)) return parseCompact(value, location);
  throw new LissnasError("E_PARSE",
    `expected a DARTS string like "Genotype(normal=[('sep_conv_3x3', 0), …], normal_concat=[2, 3, 4, 5], reduce=[…], reduce_concat=[2, 3, 4, 5])" or a NASLib compact list; found ${describe(value)}`,
    { field: "arch", ...location });
}

export const nb301: SearchSpace = {
  id: "nb301",
  aliases: ["darts", "nasbench301", "nas-bench-301"],
  description: "NAS-Bench-301 / DARTS cells (normal + reduce, 4 nodes x 2 edges, 7 ops; ~1.08e18)",
  wasmId: 2,
  genomeLength: NB301_LENGTH,
  cardinalities: NB301_CARDINALITIES,
  maxEditDistance: NB301_MAX_EDIT_DISTANCE,
  operationGenes: Array.from({ length: 16 }, (_, i) => 2 * i + 1),
  maxEditDistanceNote: "exact: per node min over the two edge matchings of changed genes; max 2+3+4+4 per cell",
  // The DARTS count: genotypes up to the order of each node's two edges (raw ordered genomes: 2^8 times more).
  size: nb301CanonicalSize,
  // The canonical form is pair-sorted only (no node relabelling), so it identifies exactly what size() counts.
  uniqueSize: nb301CanonicalSize,
  parse,
  format: formatGenotype,
  reference: nb301Reference,
};
