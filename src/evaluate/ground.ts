// What an evaluation measures against: the truth (a table, or a surrogate model that scores any
// architecture), the universe of isomorphism classes the full space is represented by, and the cost of
// an architecture (a table field or the space's own cost model).
import type { SearchSpace } from "../spaces/space.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import type { TruthTable } from "./truthTable.js";
import type { Predictor } from "../predict/predictor.js";

/** Where the truth values come from. */
export interface TruthSource {
  readonly kind: "table" | "model";
  /** The table file and field, or the surrogate's description. */
  readonly description: string;
  readonly digest: string | null;
  /** One value per canonical genome (`keys` are their keys); NaN where the truth has none. */
  lookup(genomes: Uint8Array, keys: BigUint64Array): Promise<Float64Array>;
}

/** The isomorphism classes that stand for the full space, with their truth and cost. */
export interface Universe {
  /** "table": the classes of a truth table (the whole space or a uniform sample of it); "enumerated": every class;
   *  "sample": a uniform sample of classes (a space too large to enumerate). */
  readonly kind: "table" | "enumerated" | "sample";
  readonly genomes: Uint8Array;
  readonly keys: BigUint64Array;
  readonly truth: Float64Array;
  readonly cost: Float64Array;
  readonly count: number;
  /** count / the space's classes: 1 when the universe is the whole space. */
  readonly share: number;
}

/** The cost of architectures, and what it is called in the output. */
export interface CostSource {
  /** The table field, or e.g. "flops (space model)". */
  readonly field: string;
  of(genomes: Uint8Array, keys: BigUint64Array): Float64Array;
}

export function tableTruth(table: TruthTable, target: string): TruthSource {
  return {
    kind: "table",
    description: `truth table ${table.file} field "${target}"`,
    digest: null,
    async lookup(_genomes, keys) {
      const out = new Float64Array(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const c = table.classIndex.get(keys[i]);
        out[i] = c === undefined ? NaN : table.classTarget[c];
      }
      return out;
    },
  };
}

export function modelTruth(model: Predictor, length: number): TruthSource {
  return {
    kind: "model",
    description: model.description,
    digest: model.digest,
    async lookup(genomes) {
      // A surrogate scores every architecture; a table surrogate (--missing skip) leaves NaN where it has no row.
      const out = new Float64Array(genomes.length / length);
      if (out.length === 0) return out;
      const scores = await model.predict(genomes);
      for (let i = 0; i < out.length; i++) out[i] = Number.isFinite(scores[i]) ? scores[i] : NaN;
      return out;
    },
  };
}

export function tableUniverse(space: SearchSpace, table: TruthTable, cost: CostSource | null): Universe {
  const count = table.classKeys.length;
  const unique = Number(space.uniqueSize() ?? space.size());
  return {
    kind: "table", genomes: table.classGenomes, keys: table.classKeys, truth: table.classTarget,
    cost: cost === null ? new Float64Array(count).fill(NaN) : cost.of(table.classGenomes, table.classKeys),
    count, share: Math.min(1, count / unique),
  };
}

/**
 * Every class of an enumerable space, or `sampleSize` uniform draws deduplicated up to isomorphism, each
 * scored by `truth`. Classes the truth leaves without a value are dropped.
 */
export async function modelUniverse(kernels: SpaceKernels, truth: TruthSource, cost: CostSource | null, sampleSize: number, seed: bigint,
  progress: (text: string) => void): Promise<Universe> {
  const space = kernels.space;
  const length = space.genomeLength;
  let genomes: Uint8Array;
  let kind: Universe["kind"];
  if (space.enumerate !== undefined) {
    progress(`enumerating the classes of ${space.id}`);
    const batches: Uint8Array[] = [];
    for (const batch of space.enumerate(kernels.core)) batches.push(batch.slice());
    genomes = new Uint8Array(batches.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const batch of batches) { genomes.set(batch, at); at += batch.length; }
    kind = "enumerated";
  } else {
    progress(`sampling ${sampleSize} architectures of ${space.id} for the full space`);
    const drawn = kernels.canonicalize(kernels.sample(sampleSize, seed, { stream: 0x5a3n })).genomes;
    const drawnKeys = kernels.keys(drawn);
    const seen = new Set<bigint>();
    const kept: number[] = [];
    for (let i = 0; i < drawnKeys.length; i++) if (!seen.has(drawnKeys[i])) { seen.add(drawnKeys[i]); kept.push(i); }
    genomes = new Uint8Array(kept.length * length);
    kept.forEach((i, k) => genomes.set(drawn.subarray(i * length, (i + 1) * length), k * length));
    kind = "sample";
  }
  const keys = kernels.keys(genomes);
  progress(`scoring ${keys.length} classes with the truth model`);
  const values = await truth.lookup(genomes, keys);
  const known: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) known.push(i);
  if (known.length === 0) throw new LissnasError("E_DATA", `the truth model gives no value for any class of ${space.id}`, { field: "--truth-model" });
  const g = new Uint8Array(known.length * length);
  const k = new BigUint64Array(known.length);
  const t = new Float64Array(known.length);
  known.forEach((i, j) => { g.set(genomes.subarray(i * length, (i + 1) * length), j * length); k[j] = keys[i]; t[j] = values[i]; });
  const unique = Number(space.uniqueSize() ?? space.size());
  return {
    kind, genomes: g, keys: k, truth: t, count: known.length, share: Math.min(1, known.length / unique),
    cost: cost === null ? new Float64Array(known.length).fill(NaN) : cost.of(g, k),
  };
}

/** Fields a table may hold a cost in, in order of preference when no --cost is given (read with the table). */
export const DEFAULT_COST_FIELDS: readonly string[] = ["flops", "params"];

/**
 * The cost source of an evaluation; `table` was read with `requested` (or DEFAULT_COST_FIELDS) as its cost
 * candidates. `requested` (--cost) must name a field of the table, or flops/params of a
 * space with its own cost model; without it: the table's flops, else params, else the space model's flops, else none.
 * `table` is null when the truth is a model (the cost then comes from the space model alone).
 */
export function resolveCost(space: SearchSpace, table: TruthTable | null, requested: string | undefined): CostSource | null {
  const model = space.cost === undefined ? null : (name: "flops" | "params"): CostSource => ({
    field: `${name} (space model)`,
    of(genomes) {
      const length = space.genomeLength;
      const out = new Float64Array(genomes.length / length);
      for (let i = 0; i < out.length; i++) out[i] = space.cost!(genomes.subarray(i * length, (i + 1) * length))[name];
      return out;
    },
  });
  // A sampled table lacks most members of a method's space; where the space's own model computes the same
  // field (flops, params), it fills in those members, so the coverage is of the whole space, not of the few rows.
  const sampled = table !== null && BigInt(table.classKeys.length) < (space.uniqueSize() ?? space.size());
  const fromTable = (field: string): CostSource => {
    const fill = sampled && model !== null && (field === "flops" || field === "params") ? model(field) : null;
    return {
      field: fill === null ? field : `${field} (table; the space model where the table lacks a class)`,
      of(genomes, keys) {
        const out = new Float64Array(keys.length);
        let lacking = false;
        for (let i = 0; i < keys.length; i++) {
          const c = table!.classIndex.get(keys[i]);
          out[i] = c === undefined ? NaN : table!.classCost[c];
          if (Number.isNaN(out[i])) lacking = true;
        }
        if (fill !== null && lacking) {
          const computed = fill.of(genomes, keys);
          for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = computed[i];
        }
        return out;
      },
    };
  };
  if (requested !== undefined) {
    if (table !== null && table.costField === requested) return fromTable(requested);
    if (model !== null && (requested === "flops" || requested === "params")) return model(requested);
    const has = table === null ? "the truth is a model, so only a space cost model can give a cost" : `the table has fields ${table.fields.join(", ")}`;
    throw new LissnasError("E_OPTION", `no cost field "${requested}": ${has}` +
      (model === null ? `; ${space.id} has no cost model of its own` : `; ${space.id}'s cost model gives flops and params`), { field: "--cost" });
  }
  if (table !== null && table.costField !== null) return fromTable(table.costField);
  return model === null ? null : model("flops");
}
