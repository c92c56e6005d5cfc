// NAS-Bench-Macro (CIFAR-10): 8 layers x {0 identity, 1 MBv2 k3 e3, 2 MBv2 k5 e6}, written as the
// benchmark keys its rows: 8 digits, e.g. "00020002". Kernels: assembly/spaces/nbMacro.ts; reference,
// canonical form and edit distance: ./genome.ts; FLOPs and params: ./cost.ts.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { describe } from "../describe.js";
import { NB_MACRO_CHOICES, NB_MACRO_LENGTH, NB_MACRO_MAX_EDIT_DISTANCE, nbMacroReference } from "./genome.js";
import { nbMacroCost } from "./cost.js";

const CODES = NB_MACRO_CHOICES.map((choice, i) => `${i} ${choice}`).join(", ");
const CODE_COUNT = NB_MACRO_CHOICES.length ** NB_MACRO_LENGTH;

function fail(detail: string, location: InputLocation): never {
  throw new LissnasError("E_PARSE", detail, { field: "arch", ...location });
}

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  if (typeof value !== "string") fail(`expected a NAS-Bench-Macro code of 8 digits like "00020002"; found ${describe(value)}`, location);
  if (value.length !== NB_MACRO_LENGTH) fail(`"${value}" has ${value.length} layer choice(s); expected ${NB_MACRO_LENGTH} digits, one per layer`, location);
  const genome = new Uint8Array(NB_MACRO_LENGTH);
  for (const [layer, char] of [...value].entries()) {
    const choice = char.charCodeAt(0) - 48;
    if (!(choice >= 0 && choice < NB_MACRO_CHOICES.length)) {
      fail(`unknown choice "${char}" for layer ${layer} in "${value}"; expected one of ${CODES}`, location);
    }
    genome[layer] = choice;
  }
  return genome;
}

function format(genome: Uint8Array): string {
  return Array.from(genome).join("");
}

export const nbMacro: SearchSpace = {
  id: "nb-macro",
  aliases: ["nasbench-macro", "nas-bench-macro", "nbmacro"],
  description: "NAS-Bench-Macro (8 layers x identity / MBv2 k3e3 / MBv2 k5e6; 6,561 codes, 3,969 networks)",
  wasmId: 5,
  genomeLength: NB_MACRO_LENGTH,
  cardinalities: Array(NB_MACRO_LENGTH).fill(NB_MACRO_CHOICES.length),
  maxEditDistance: NB_MACRO_MAX_EDIT_DISTANCE,
  maxEditDistanceNote: "exact: per stage, first layers that differ + Levenshtein distance of the tails' non-identity sequences; 2 + 3 + 3",
  operationGenes: [0, 1, 2, 3, 4, 5, 6, 7],
  cost: nbMacroCost,
  costUnits: { flops: "multiply-accumulates (CIFAR-10, 32x32)", params: "parameters" },
  size: () => BigInt(CODE_COUNT),
  // 9 choices of stage 0, then per later stage 3 first layers x 7 tails (none, 2 single ops, 4 pairs).
  uniqueSize: () => 9n * 21n * 21n,
  parse,
  format,
  reference: nbMacroReference,
  *enumerate() {
    const representatives: Uint8Array[] = [];
    for (let index = 0; index < CODE_COUNT; index++) {
      const genome = new Uint8Array(NB_MACRO_LENGTH);
      for (let layer = NB_MACRO_LENGTH - 1, rest = index; layer >= 0; layer--, rest = Math.floor(rest / 3)) genome[layer] = rest % 3;
      const canonical = genome.slice();
      nbMacroReference.canonicalize(canonical);
      if (canonical.every((op, i) => op === genome[i])) representatives.push(genome);
    }
    const genomes = new Uint8Array(representatives.length * NB_MACRO_LENGTH);
    representatives.forEach((genome, i) => genomes.set(genome, i * NB_MACRO_LENGTH));
    yield genomes;
  },
};
