// TransNAS-Bench-101 micro (cell-level) space: `64-41414-1_02_333` = stem width 64, the fixed macro
// skeleton 41414, then the cell's 6 edge ops grouped by target node (1 | 2 | 3 edges).
// Kernels: assembly/spaces/tnb101Micro.ts; reference and layout: ./genome.ts.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { describe } from "../describe.js";
import { TNB101_MICRO_LENGTH, TNB101_MICRO_OPS, tnb101MicroReference } from "./genome.js";

const PREFIX = "64-41414-";
const GROUPS = [1, 2, 3] as const;
const EXAMPLE = "64-41414-1_02_333";
const CODES = TNB101_MICRO_OPS.map((op, i) => `${i} ${op}`).join(", ");

function fail(detail: string, location: InputLocation): never {
  throw new LissnasError("E_PARSE", detail, { field: "arch", ...location });
}

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  if (typeof value !== "string") fail(`expected a TransNAS-Bench-101 micro string like "${EXAMPLE}"; found ${describe(value)}`, location);
  if (!value.startsWith(PREFIX)) {
    const found = value.split("-").slice(0, 2).join("-");
    fail(`"${value}" must start with "${PREFIX}" (stem width 64, micro skeleton 41414); found "${found}"`, location);
  }
  const groups = value.slice(PREFIX.length).split("_");
  if (groups.length !== GROUPS.length) {
    fail(`cell "${value.slice(PREFIX.length)}" must have 3 groups separated by "_" (nodes 1, 2, 3, like "1_02_333"); found ${groups.length}`, location);
  }
  const genome = new Uint8Array(TNB101_MICRO_LENGTH);
  let gene = 0;
  groups.forEach((group, node) => {
    if (group.length !== GROUPS[node]) {
      fail(`node ${node + 1} group "${group}" must have ${GROUPS[node]} op code(s), one per input node 0..${node}; found ${group.length}`, location);
    }
    for (const [input, char] of [...group].entries()) {
      const op = char.charCodeAt(0) - 48;
      if (!(op >= 0 && op < TNB101_MICRO_OPS.length)) {
        fail(`unknown op code "${char}" on edge ${input}->${node + 1} in "${value}"; expected one of ${CODES}`, location);
      }
      genome[gene++] = op;
    }
  });
  return genome;
}

function format(genome: Uint8Array): string {
  return PREFIX + `${genome[0]}_${genome[1]}${genome[2]}_${genome[3]}${genome[4]}${genome[5]}`;
}

export const tnb101Micro: SearchSpace = {
  id: "tnb101-micro",
  aliases: ["transnas-micro", "transnas-bench-101-micro", "tnb101micro"],
  description: "TransNAS-Bench-101 micro cells (6 edges x 4 ops: none, skip, conv1x1, conv3x3; 4,096 cells)",
  wasmId: 4,
  genomeLength: TNB101_MICRO_LENGTH,
  cardinalities: Array(TNB101_MICRO_LENGTH).fill(TNB101_MICRO_OPS.length),
  maxEditDistance: 6,
  maxEditDistanceNote: "exact: number of edges whose op differs (every op change is one move)",
  operationGenes: [0, 1, 2, 3, 4, 5],
  size: () => 4n ** 6n,
  // Every cell is its own network in the benchmark (see ./genome.ts), so no classes are merged.
  uniqueSize: () => 4n ** 6n,
  parse,
  format,
  reference: tnb101MicroReference,
  *enumerate() {
    const genomes = new Uint8Array(4 ** 6 * TNB101_MICRO_LENGTH);
    for (let index = 0; index < 4 ** 6; index++) {
      for (let gene = 0; gene < TNB101_MICRO_LENGTH; gene++) {
        genomes[index * TNB101_MICRO_LENGTH + gene] = (index >> (2 * (TNB101_MICRO_LENGTH - 1 - gene))) & 3;
      }
    }
    yield genomes;
  },
};
