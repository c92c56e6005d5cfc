// NASLib's own encodings of a member (checked against NASLib's search_spaces/*/conversions.py):
// - nb201 `op_indices`: six ints, edges in NASLib's EDGE_LIST order ((1,2), (1,3), (1,4), (2,3), (2,4),
//   (3,4), nodes numbered from 1), ops indexed in OP_NAMES_NB201 order (skip_connect, none, nor_conv_3x3,
//   nor_conv_1x1, avg_pool_3x3), as convert_str_to_op_indices returns them;
// - nb301 `compact`: per cell (normal, reduce) eight (input node, op index) pairs, ops in the compact
//   order (max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3,
//   dil_conv_5x5), as convert_genotype_to_compact returns them;
// - nb101 `spec`: the {matrix, ops} dict NasBench101SearchSpace.set_spec takes (the pruned cell).
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";

/** NASLib's edge order as lissnas nb201 genes (genes are in arch-string order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2). */
export const NASLIB_NB201_EDGE_GENES = [0, 1, 3, 2, 4, 5] as const;
/** NASLib's op index of each lissnas nb201 op index (none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3). */
export const NASLIB_NB201_OP_INDEX = [1, 0, 3, 2, 4] as const;

export const NASLIB_SPACES = ["nb201", "nb301", "nb101"] as const;

export function nb201OpIndices(genome: Uint8Array): number[] {
  return NASLIB_NB201_EDGE_GENES.map((gene) => NASLIB_NB201_OP_INDEX[genome[gene]]);
}

export function nb301Compact(genome: Uint8Array): number[][][] {
  // lissnas' op order is already the compact order (src/spaces/nb301/genome.ts).
  return [0, 1].map((cell) => Array.from({ length: 8 }, (_, pair) => [genome[cell * 16 + 2 * pair], genome[cell * 16 + 2 * pair + 1]]));
}

/** One JSON object per member with NASLib's encoding, beside the lissnas text form. */
export function naslibEncoding(space: SearchSpace, genome: Uint8Array): Record<string, unknown> {
  switch (space.id) {
    case "nb201": return { op_indices: nb201OpIndices(genome) };
    case "nb301": return { compact: nb301Compact(genome) };
    case "nb101": return { spec: space.format(genome) };
    default:
      throw new LissnasError("E_OPTION", `NASLib has no encoding lissnas exports for ${space.id} (it does for ${NASLIB_SPACES.join(", ")}); use --format jsonl, csv or mask`, { field: "format" });
  }
}
