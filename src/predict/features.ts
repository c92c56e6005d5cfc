// Feature encodings: named, versioned layouts of a genome as a Float32 row (predictor input). Each is a
// per-gene plan run by one WASM kernel (assembly/features.ts); changing a layout means a new version.
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { getSpace, listSpaces } from "../spaces/registry.js";
import { defaultCore } from "../spaces/kernels.js";
import type { WasmCore } from "../wasm/core.js";

// Plan kinds of assembly/features.ts.
const SKIP = 0;
const RAW = 1;
const ONE_HOT = 2;
const PAIR = 3;

export interface FeatureEncoding {
  /** `<space>/<layout>@<version>`, e.g. `nb201/onehot@1`. */
  readonly name: string;
  readonly spaceId: string;
  readonly description: string;
  /** Columns per row. */
  readonly width: number;
  /** Three i32 per gene (kind, offset, stride), as the kernel reads them. */
  readonly plan: Int32Array;
}

interface PlanEntry {
  kind: number;
  offset: number;
  stride?: number;
}

function makeEncoding(name: string, space: SearchSpace, description: string, entries: PlanEntry[]): FeatureEncoding {
  if (entries.length !== space.genomeLength) {
    throw new TypeError(`encoding ${name}: plan has ${entries.length} entries; expected ${space.genomeLength}`);
  }
  const plan = new Int32Array(entries.length * 3);
  let width = 0;
  const cards = space.cardinalities;
  entries.forEach((entry, gene) => {
    plan.set([entry.kind, entry.offset, entry.stride ?? 0], gene * 3);
    // The largest column each entry can address, so the kernel may write unchecked.
    let last = entry.offset - 1;
    if (entry.kind === RAW) last = entry.offset;
    if (entry.kind === ONE_HOT) last = entry.offset + cards[gene] - 1;
    if (entry.kind === PAIR) {
      if (gene + 1 >= entries.length) throw new TypeError(`encoding ${name}: PAIR at the last gene ${gene}`);
      last = entry.offset + (cards[gene] - 1) * (entry.stride ?? 0) + cards[gene + 1] - 1;
    }
    width = Math.max(width, last + 1);
  });
  return { name, spaceId: space.id, description, width, plan };
}

/** `<space>/genome-onehot@1`: one-hot of every gene in gene order (column = sum of earlier cardinalities + value). */
export function genomeOneHot(space: SearchSpace): FeatureEncoding {
  let offset = 0;
  const entries = space.cardinalities.map((card) => {
    const entry = { kind: ONE_HOT, offset };
    offset += card;
    return entry;
  });
  return makeEncoding(`${space.id}/genome-onehot@1`, space, `one-hot of each of the ${space.genomeLength} genes of ${space.id}`, entries);
}

/**
 * `nb201/onehot@1`: 6 edges in arch-string order x 5 ops (none, skip_connect, nor_conv_1x1,
 * nor_conv_3x3, avg_pool_3x3), column = edge*5 + op — the layout of models exported from Python.
 */
function nb201OneHot(space: SearchSpace): FeatureEncoding {
  const entries = Array.from({ length: 6 }, (_, edge) => ({ kind: ONE_HOT, offset: edge * 5 }));
  return makeEncoding("nb201/onehot@1", space,
    "6 edges (arch-string order) x 5 ops (none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3), column = edge*5 + op", entries);
}

/**
 * `nb101/adjacency@1`: the 21 upper-triangle bits of the 7x7 adjacency matrix (row-major) as 0/1,
 * then the one-hot op (conv3x3, conv1x1, maxpool3x3) of each of the 5 inner vertices: 36 columns.
 */
function nb101Adjacency(space: SearchSpace): FeatureEncoding {
  const entries: PlanEntry[] = [];
  for (let bit = 0; bit < 21; bit++) entries.push({ kind: RAW, offset: bit });
  for (let vertex = 0; vertex < 5; vertex++) entries.push({ kind: ONE_HOT, offset: 21 + vertex * 3 });
  return makeEncoding("nb101/adjacency@1", space,
    "21 upper-triangle edge bits (row-major) + one-hot op (conv3x3, conv1x1, maxpool3x3) of the 5 inner vertices", entries);
}

/**
 * `nb301/onehot@1`: per cell (normal, reduce), for each of the 14 possible edges (node k reads input
 * i < k+2; edges numbered node-major), a one-hot of the op it carries (7 ops, NASLib order), all zero
 * when the edge is absent: 2 x 14 x 7 = 196 columns. Independent of the order of a node's two inputs.
 */
function nb301OneHot(space: SearchSpace): FeatureEncoding {
  const ops = 7;
  const nodeEdgeBase = [0, 2, 5, 9];
  const entries: PlanEntry[] = [];
  for (let cell = 0; cell < 2; cell++) {
    for (let node = 0; node < 4; node++) {
      for (let edge = 0; edge < 2; edge++) {
        entries.push({ kind: PAIR, offset: (cell * 14 + nodeEdgeBase[node]) * ops, stride: ops });
        entries.push({ kind: SKIP, offset: 0 });
      }
    }
  }
  return makeEncoding("nb301/onehot@1", space,
    "per cell, 14 possible edges (node-major, input order) x 7 ops one-hot (zero when absent)", entries);
}

const SPECIFIC: Record<string, Array<(space: SearchSpace) => FeatureEncoding>> = {
  nb201: [nb201OneHot],
  nb101: [nb101Adjacency],
  nb301: [nb301OneHot],
};

/** Every encoding of a space: its specific ones first (the first is its default), then the generic one-hot. */
export function encodingsFor(space: SearchSpace): FeatureEncoding[] {
  return [...(SPECIFIC[space.id] ?? []).map((make) => make(space)), genomeOneHot(space)];
}

export function defaultEncoding(space: SearchSpace): FeatureEncoding {
  return encodingsFor(space)[0];
}

/** The encoding with this name; errors list the known names (of the space, when given). */
export function getEncoding(name: string, space?: SearchSpace): FeatureEncoding {
  const slash = name.indexOf("/");
  const known = (space !== undefined ? [space] : listSpaces()).flatMap((s) => encodingsFor(s).map((e) => e.name));
  let owner: SearchSpace | undefined;
  try {
    owner = slash > 0 ? getSpace(name.slice(0, slash)) : undefined;
  } catch {
    owner = undefined;
  }
  const found = owner !== undefined ? encodingsFor(owner).find((e) => e.name === `${owner.id}${name.slice(slash)}`) : undefined;
  if (found === undefined) {
    throw new LissnasError("E_OPTION", `unknown feature encoding "${name}"; expected one of ${known.join(", ")}`, { field: "features" });
  }
  if (space !== undefined && found.spaceId !== space.id) {
    throw new LissnasError("E_OPTION", `feature encoding "${name}" belongs to space ${found.spaceId}, not ${space.id}; expected one of ${known.join(", ")}`,
      { field: "features" });
  }
  return found;
}

/**
 * Feature rows (count x width, row-major) of a batch of genomes of the encoding's space. Genes are
 * checked here once per batch so the kernel can run unchecked.
 */
export function encodeFeatures(encoding: FeatureEncoding, genomes: Uint8Array, core: WasmCore = defaultCore()): Float32Array {
  const space = getSpace(encoding.spaceId);
  const length = space.genomeLength;
  if (genomes.length % length !== 0) {
    throw new LissnasError("E_INVALID_ARCH", `a ${space.id} genome batch must be a multiple of ${length} bytes; found ${genomes.length}`);
  }
  const cards = space.cardinalities;
  for (let i = 0; i < genomes.length; i++) {
    const gene = i % length;
    if (genomes[i] >= cards[gene]) {
      throw new LissnasError("E_INVALID_ARCH", `genome ${Math.floor(i / length)}: gene ${gene} is ${genomes[i]}; expected 0..${cards[gene] - 1}`);
    }
  }
  if (genomes.length === 0) return new Float32Array(0);
  return core.encodeFeatures(length, genomes, encoding.plan, encoding.width);
}

/** Plain TypeScript reference of the kernel, one genome at a time (tests and benches). */
export function encodeFeaturesReference(encoding: FeatureEncoding, genome: Uint8Array): Float32Array {
  const row = new Float32Array(encoding.width);
  const plan = encoding.plan;
  for (let gene = 0; gene < genome.length; gene++) {
    const [kind, offset, stride] = [plan[gene * 3], plan[gene * 3 + 1], plan[gene * 3 + 2]];
    if (kind === RAW) row[offset] = genome[gene];
    else if (kind === ONE_HOT) row[offset + genome[gene]] = 1;
    else if (kind === PAIR) row[offset + genome[gene] * stride + genome[gene + 1]] = 1;
  }
  return row;
}
