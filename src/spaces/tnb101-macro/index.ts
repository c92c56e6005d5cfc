// TransNAS-Bench-101 macro (skeleton-level) space: `64-1234-basic` = stem width 64, 4 to 6 module
// codes, the basic block. Kernels: assembly/spaces/tnb101Macro.ts; rules, moves and the edit
// distance (with its proof): ./genome.ts.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { describe } from "../describe.js";
import {
  TNB101_MACRO_CODES, TNB101_MACRO_DOUBLING, TNB101_MACRO_DOWNSAMPLING, TNB101_MACRO_LENGTH, TNB101_MACRO_MAX_EDIT_DISTANCE,
  TNB101_MACRO_MIN_MODULES, isDoubling, isDownsampling, isMember, tnb101MacroReference,
} from "./genome.js";

const EXAMPLE = "64-1234-basic";
const CODES = TNB101_MACRO_CODES.map((code, i) => `${i + 1} ${code}`).join(", ");

function fail(detail: string, location: InputLocation): never {
  throw new LissnasError("E_PARSE", detail, { field: "arch", ...location });
}

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  if (typeof value !== "string") fail(`expected a TransNAS-Bench-101 macro string like "${EXAMPLE}"; found ${describe(value)}`, location);
  const parts = value.split("-");
  if (parts.length !== 3) fail(`"${value}" must have 3 parts separated by "-" (width-modules-block, like "${EXAMPLE}"); found ${parts.length}`, location);
  const [width, modules, block] = parts;
  if (width !== "64") fail(`stem width "${width}" in "${value}" is not in the benchmark; expected "64"`, location);
  if (block !== "basic") fail(`block "${block}" in "${value}" is not in the benchmark; expected "basic"`, location);
  if (modules.length < TNB101_MACRO_MIN_MODULES || modules.length > TNB101_MACRO_LENGTH) {
    fail(`"${modules}" in "${value}" has ${modules.length} module(s); expected ${TNB101_MACRO_MIN_MODULES} to ${TNB101_MACRO_LENGTH}`, location);
  }
  const genome = new Uint8Array(TNB101_MACRO_LENGTH);
  for (const [position, char] of [...modules].entries()) {
    const code = char.charCodeAt(0) - 48;
    if (!(code >= 1 && code <= TNB101_MACRO_CODES.length)) {
      fail(`unknown module code "${char}" at module ${position + 1} of "${value}"; expected one of ${CODES}`, location);
    }
    genome[position] = code;
  }
  const codes = Array.from(genome.subarray(0, modules.length));
  const down = codes.filter(isDownsampling).length;
  if (down < TNB101_MACRO_DOWNSAMPLING[0] || down > TNB101_MACRO_DOWNSAMPLING[1]) {
    fail(`"${modules}" in "${value}" has ${down} downsampling module(s) (codes 3, 4); expected ${TNB101_MACRO_DOWNSAMPLING.join(" to ")}`, location);
  }
  const wide = codes.filter(isDoubling).length;
  if (wide < TNB101_MACRO_DOUBLING[0] || wide > TNB101_MACRO_DOUBLING[1]) {
    fail(`"${modules}" in "${value}" has ${wide} channel-doubling module(s) (codes 2, 4); expected ${TNB101_MACRO_DOUBLING.join(" to ")}`, location);
  }
  return genome;
}

function format(genome: Uint8Array): string {
  return `64-${Array.from(genome).filter((code) => code !== 0).join("")}-basic`;
}

/** Every member in order of module count, then code sequence (base 4). */
function members(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = TNB101_MACRO_MIN_MODULES; n <= TNB101_MACRO_LENGTH; n++) {
    for (let index = 0; index < 4 ** n; index++) {
      const genome = new Uint8Array(TNB101_MACRO_LENGTH);
      for (let i = n - 1, x = index; i >= 0; i--, x >>= 2) genome[i] = 1 + (x & 3);
      if (isMember(genome)) out.push(genome);
    }
  }
  return out;
}

let memberCount: bigint | undefined;

export const tnb101Macro: SearchSpace = {
  id: "tnb101-macro",
  aliases: ["transnas-macro", "transnas-bench-101-macro", "tnb101macro"],
  description: "TransNAS-Bench-101 macro skeletons (4-6 modules: normal, channels x2, resolution /2, both; 3,256 networks)",
  wasmId: 3,
  genomeLength: TNB101_MACRO_LENGTH,
  cardinalities: Array(TNB101_MACRO_LENGTH).fill(TNB101_MACRO_CODES.length + 1),
  maxEditDistance: TNB101_MACRO_MAX_EDIT_DISTANCE,
  maxEditDistanceNote: "exact: shortest walk of insert/delete/substitute-module moves inside the space, largest over all pairs by BFS",
  operationGenes: [0, 1, 2, 3, 4, 5],
  size: () => (memberCount ??= BigInt(members().length)),
  // Every member is a distinct network (the benchmark trains each): no isomorphism classes to merge.
  uniqueSize: () => (memberCount ??= BigInt(members().length)),
  parse,
  format,
  reference: tnb101MacroReference,
  *enumerate() {
    const all = members();
    const genomes = new Uint8Array(all.length * TNB101_MACRO_LENGTH);
    all.forEach((genome, i) => genomes.set(genome, i * TNB101_MACRO_LENGTH));
    yield genomes;
  },
};
