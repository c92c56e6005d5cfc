// Accel-NASBench (Ahmad et al. 2024) MnasNet/EfficientNet-style space: 7 MBConv blocks, each an expansion
// (1, 4, 6), a kernel (3, 5), a number of layers (1..3; block 5: 1..4) and squeeze-excite on/off,
// (3*2*3*2)^6 * (3*2*4*2) = 104,485,552,128 architectures (anb_eval/configspace/configspace.json).
// Text form as the rows spell it: `e6k3l1s0-e4k5l2s0-…`; the rows' `config` object
// ({block0_e: 6, block0_k: 3, block0_l: 1, block0_se: false, …}) is accepted too.
// Genome: gene 4*block + {0: expansion index, 1: kernel index, 2: layers - 1, 3: se}. Kernels: assembly/spaces/mnas.ts.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { describe } from "../describe.js";
import { choiceReference, choiceSize } from "../spos/choiceGenome.js";
import { mnasCost, type MnasBlock } from "./cost.js";

export const MNAS_BLOCKS = 7;
export const MNAS_EXPANSIONS = [1, 4, 6] as const;
export const MNAS_KERNELS = [3, 5] as const;
/** Layer choices per block: block 5 alone may repeat 4 times. */
export const MNAS_LAYERS: readonly (readonly number[])[] = Array.from({ length: MNAS_BLOCKS }, (_, block) =>
  block === 5 ? [1, 2, 3, 4] : [1, 2, 3]);
const LENGTH = 4 * MNAS_BLOCKS;
const CARDINALITIES: readonly number[] = Array.from({ length: LENGTH }, (_, gene) =>
  [MNAS_EXPANSIONS.length, MNAS_KERNELS.length, MNAS_LAYERS[gene >> 2].length, 2][gene & 3]);
const BLOCK_PATTERN = /^e(\d+)k(\d+)l(\d+)s(\d+)$/;
const EXAMPLE = "e6k3l1s0-e4k5l2s0-e1k3l1s0-e6k3l3s1-e6k5l2s1-e1k5l4s1-e4k3l2s1";

interface BlockValues { e: number; k: number; l: number; se: number }

/** Gene values of one block, or an error naming the offending value and the allowed ones. */
function encodeBlock(block: number, values: BlockValues, token: string, where: InputLocation, genome: Uint8Array): void {
  const fields: Array<[string, number, readonly number[]]> = [
    ["expansion", values.e, MNAS_EXPANSIONS], ["kernel", values.k, MNAS_KERNELS],
    ["layers", values.l, MNAS_LAYERS[block]], ["squeeze-excite", values.se, [0, 1]],
  ];
  fields.forEach(([name, value, allowed], field) => {
    const index = allowed.indexOf(value);
    if (index < 0) {
      throw new LissnasError("E_PARSE", `block ${block} ${token}: ${name} ${value} not allowed; expected one of ${allowed.join(", ")}`, where);
    }
    genome[4 * block + field] = index;
  });
}

function parseString(text: string, where: InputLocation): Uint8Array {
  const tokens = text.trim().split("-");
  if (tokens.length !== MNAS_BLOCKS) {
    throw new LissnasError("E_PARSE", `expected ${MNAS_BLOCKS} blocks separated by "-" like "${EXAMPLE}"; found ${tokens.length} in "${text}"`, where);
  }
  const genome = new Uint8Array(LENGTH);
  tokens.forEach((token, block) => {
    const match = BLOCK_PATTERN.exec(token);
    if (match === null) {
      throw new LissnasError("E_PARSE", `block ${block} "${token}" must read e<expansion>k<kernel>l<layers>s<0|1>, e.g. "e6k3l1s0"`, where);
    }
    const [e, k, l, se] = match.slice(1).map(Number);
    encodeBlock(block, { e, k, l, se }, `"${token}"`, where, genome);
  });
  return genome;
}

function parseConfig(config: Record<string, unknown>, where: InputLocation): Uint8Array {
  const genome = new Uint8Array(LENGTH);
  for (let block = 0; block < MNAS_BLOCKS; block++) {
    const read = (key: string, kind: "number" | "boolean"): number => {
      const value = config[`block${block}_${key}`];
      if (typeof value !== kind) {
        throw new LissnasError("E_PARSE", `config key "block${block}_${key}" must be a ${kind}; found ${describe(value)}`, where);
      }
      return Number(value);
    };
    encodeBlock(block, { e: read("e", "number"), k: read("k", "number"), l: read("l", "number"), se: read("se", "boolean") },
      `(config)`, where, genome);
  }
  return genome;
}

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  const where = { field: "arch", ...location };
  if (typeof value === "string") return parseString(value, where);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return parseConfig(value as Record<string, unknown>, { field: "config", ...location });
  }
  throw new LissnasError("E_PARSE", `expected an Accel-NASBench string like "${EXAMPLE}" or its config object; found ${describe(value)}`, where);
}

/** The blocks a genome spells. */
export function mnasBlocks(genome: Uint8Array): MnasBlock[] {
  return Array.from({ length: MNAS_BLOCKS }, (_, block) => {
    const g = genome.subarray(4 * block, 4 * block + 4);
    return { expansion: MNAS_EXPANSIONS[g[0]], kernel: MNAS_KERNELS[g[1]], layers: MNAS_LAYERS[block][g[2]], squeezeExcite: g[3] === 1 };
  });
}

function format(genome: Uint8Array): string {
  return Array.from({ length: MNAS_BLOCKS }, (_, block) => {
    const g = genome.subarray(4 * block, 4 * block + 4);
    return `e${MNAS_EXPANSIONS[g[0]]}k${MNAS_KERNELS[g[1]]}l${MNAS_LAYERS[block][g[2]]}s${g[3]}`;
  }).join("-");
}

export const mnas: SearchSpace = {
  id: "mnas",
  aliases: ["accel-nasbench", "anb", "mnasnet"],
  description: "Accel-NASBench MnasNet-style blocks (7 blocks x expansion 1/4/6, kernel 3/5, layers 1-3 (4), SE; ~1.04e11)",
  wasmId: 8,
  genomeLength: LENGTH,
  cardinalities: CARDINALITIES,
  maxEditDistance: LENGTH,
  maxEditDistanceNote: "exact: number of genes (expansion, kernel, layers, SE per block) that differ (Hamming)",
  operationGenes: Array.from({ length: LENGTH }, (_, i) => i).filter((gene) => (gene & 3) !== 2),
  size: () => choiceSize(CARDINALITIES),
  // Every config is trained as its own network; no two configs build the same one.
  uniqueSize: () => choiceSize(CARDINALITIES),
  parse,
  format,
  reference: choiceReference(CARDINALITIES),
  cost(genome) {
    const { flops, params } = mnasCost(mnasBlocks(genome));
    return { flops: flops / 1e6, params: params / 1e6 };
  },
  costUnits: { flops: "MFLOPs as Accel-NASBench counts them (ImageNet 224x224)", params: "M parameters" },
};
