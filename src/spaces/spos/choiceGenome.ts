// Genomes of independent categorical choices: one gene per decision, every combination valid and
// distinct (no isomorphisms), moves = one gene takes another value, distance = Hamming. This is the plain
// TypeScript reference of assembly/spaces/choiceList.ts and the codec of the Python-list text
// form that the SPOS and FairNAS code print (`[0, 1, 3, 2, …]`); shared by the spos, fairnas and mnas plugins.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace, SpaceReference } from "../space.js";
import { describe } from "../describe.js";

/** Number of raw (= distinct) genomes: the product of the cardinalities. */
export function choiceSize(cardinalities: readonly number[]): bigint {
  return cardinalities.reduce((product, c) => product * BigInt(c), 1n);
}

/**
 * The reference kernels: sampling draws gene by gene with rng.below(cardinality); move k walks the genes
 * in order, gene i owning cardinality(i) - 1 consecutive moves, the t-th of which sets the t-th value other
 * than the current one. Hamming distance is the shortest walk (each move changes one gene, and each
 * differing gene is fixed by one move), so the largest distance is the genome length.
 */
export function choiceReference(cardinalities: readonly number[]): SpaceReference {
  const length = cardinalities.length;
  const moveCount = cardinalities.reduce((sum, c) => sum + c - 1, 0);
  return {
    sample(rng) {
      const genome = new Uint8Array(length);
      for (let i = 0; i < length; i++) genome[i] = rng.below(cardinalities[i]);
      return genome;
    },
    canonicalize(genome) {
      return genome.length === length && genome.every((value, i) => value < cardinalities[i]);
    },
    editDistance(a, b) {
      let d = 0;
      for (let i = 0; i < length; i++) if (a[i] !== b[i]) d++;
      return d;
    },
    moveCount,
    applyMove(genome, k) {
      if (!Number.isInteger(k) || k < 0 || k >= moveCount) return null;
      let gene = 0;
      let r = k;
      while (r >= cardinalities[gene] - 1) r -= cardinalities[gene++] - 1;
      const out = genome.slice();
      out[gene] = r >= genome[gene] ? r + 1 : r;
      return out;
    },
  };
}

/** How a choice-list space names itself and its values in messages. */
export interface ChoiceListFormat {
  /** e.g. "SPOS" */
  readonly name: string;
  /** What a gene is called: "block", "layer". */
  readonly unit: string;
  readonly length: number;
  /** Meaning of each value, index = value (e.g. ["ShuffleNet 3x3", …]). */
  readonly labels: readonly string[];
}

function expectedValues(format: ChoiceListFormat): string {
  return format.labels.map((label, value) => `${value} (${label})`).join(", ");
}

/**
 * Parses `[0, 1, 3, …]` (the Python list the search code prints), a compact digit string `0131…`, or a
 * JSON array of integers. Errors name the offending token, its position and the expected values.
 */
export function parseChoiceList(value: unknown, format: ChoiceListFormat, location: InputLocation = {}): Uint8Array {
  const where = { field: "arch", ...location };
  const { name, unit, length, labels } = format;
  let tokens: string[];
  if (Array.isArray(value)) {
    // Only numbers and strings become tokens: String() of an arbitrary object can throw ({"toString": 0}).
    tokens = value.map((item, i) => {
      if (typeof item === "number" || typeof item === "string") return String(item);
      throw new LissnasError("E_PARSE", `${unit} ${i} is ${describe(item)}; expected one of ${expectedValues(format)}`, where);
    });
  } else if (typeof value === "string") {
    const text = value.trim();
    if (/^\d+$/.test(text)) {
      tokens = [...text];
    } else if (text.startsWith("[") && text.endsWith("]")) {
      const inner = text.slice(1, -1).trim();
      tokens = inner === "" ? [] : inner.split(",").map((token) => token.trim());
    } else {
      throw new LissnasError("E_PARSE",
        `expected a ${name} choice list like "[${Array.from({ length }, (_, i) => i % labels.length).join(", ")}]" or ${length} digits; found ${describe(value)}`, where);
    }
  } else {
    throw new LissnasError("E_PARSE",
      `expected a ${name} choice list like "[0, 1, …]" (${length} ${unit} choices in 0..${labels.length - 1}) or ${length} digits; found ${describe(value)}`, where);
  }
  if (tokens.length !== length) {
    throw new LissnasError("E_PARSE", `expected ${length} ${unit} choices; found ${tokens.length} in ${describe(value)}`, where);
  }
  const genome = new Uint8Array(length);
  tokens.forEach((token, i) => {
    const choice = /^\d+$/.test(token) ? Number(token) : NaN;
    if (!(choice < labels.length)) {
      throw new LissnasError("E_PARSE",
        `${unit} ${i} has choice "${token}"; expected one of ${expectedValues(format)}`, where);
    }
    genome[i] = choice;
  });
  return genome;
}

/** The Python-list form the search code prints: `[0, 1, 3, …]`. */
export function formatChoiceList(genome: Uint8Array): string {
  return `[${Array.from(genome).join(", ")}]`;
}

/** What distinguishes one chain of uniform choices (every gene takes one of the same labels) from another. */
export interface UniformChoiceSpaceDefinition {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly wasmId: number;
  readonly format: ChoiceListFormat;
  /** Multiply-adds and parameters of the network at ImageNet 224x224 (plain counts). */
  readonly counts: (genome: Uint8Array) => { flops: number; params: number };
}

/**
 * The search space of a fixed chain of `format.length` distinct layers, each one of `format.labels`:
 * every choice list is a different network (no isomorphisms) and the distance is Hamming.
 */
export function uniformChoiceSpace(definition: UniformChoiceSpaceDefinition): SearchSpace {
  const { format } = definition;
  const cardinalities: readonly number[] = Array(format.length).fill(format.labels.length);
  return {
    id: definition.id,
    aliases: definition.aliases,
    description: definition.description,
    wasmId: definition.wasmId,
    genomeLength: format.length,
    cardinalities,
    maxEditDistance: format.length,
    maxEditDistanceNote: `exact: number of ${format.unit}s whose choice differs (Hamming)`,
    operationGenes: Array.from({ length: format.length }, (_, i) => i),
    size: () => choiceSize(cardinalities),
    // A fixed chain of distinct layers: no two choice lists build the same network.
    uniqueSize: () => choiceSize(cardinalities),
    parse: (value: unknown, location?: InputLocation) => parseChoiceList(value, format, location),
    format: formatChoiceList,
    reference: choiceReference(cardinalities),
    cost(genome) {
      const { flops, params } = definition.counts(genome);
      return { flops: flops / 1e6, params: params / 1e6 };
    },
    costUnits: { flops: "MFLOPs (multiply-adds, ImageNet 224x224)", params: "M parameters" },
  };
}
