// NAS-Bench-201: a 4-node cell, 6 edges (1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2), 5 ops per edge.
// Text form: |op~0|+|op~0|op~1|+|op~0|op~1|op~2|.
import { LissnasError, type InputLocation } from "../../errors.js";
import type { SearchSpace, SpaceReference } from "../space.js";
import { describe } from "../describe.js";

export const NB201_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"] as const;
const OP_INDEX = new Map<string, number>(NB201_OPS.map((op, i) => [op, i]));
/** Input node of each gene, in arch-string order. */
const EDGE_INPUT = [0, 0, 1, 0, 1, 2] as const;
const NODE_EDGES = [[0], [1, 2], [3, 4, 5]] as const;
const LENGTH = 6;
const CELLS = 15625;

function genomeIndex(genome: Uint8Array): number {
  let index = 0;
  for (let i = 0; i < LENGTH; i++) index = index * 5 + genome[i];
  return index;
}

function genomeFromIndex(index: number): Uint8Array {
  const genome = new Uint8Array(LENGTH);
  for (let i = LENGTH - 1; i >= 0; i--) {
    genome[i] = index % 5;
    index = Math.floor(index / 5);
  }
  return genome;
}

/**
 * The NATS-Bench isomorphism key (Structure.to_unique_str with consider_zero=True): `none` edges and
 * edges out of a zero node vanish, skip_connect passes its input through, and each node is the sorted
 * sum of its incoming terms. Cells with equal keys compute the same function; 6,466 keys exist.
 */
export function nb201UniqueKey(genome: Uint8Array): string {
  const nodes = ["0"];
  for (let node = 0; node < 3; node++) {
    const terms = NODE_EDGES[node].map((gene) => {
      const op = NB201_OPS[genome[gene]];
      const input = nodes[EDGE_INPUT[gene]];
      if (op === "none" || input === "#") return "#";
      if (op === "skip_connect") return input;
      return `(${input})@${op}`;
    });
    nodes.push(terms.sort().join("+"));
  }
  return nodes[3];
}

let classTable: Uint16Array | undefined;

/** Index of each cell's class representative (the smallest index with the same unique key). */
export function nb201ClassTable(): Uint16Array {
  if (classTable === undefined) {
    const table = new Uint16Array(CELLS);
    const firstOfKey = new Map<string, number>();
    for (let index = 0; index < CELLS; index++) {
      const key = nb201UniqueKey(genomeFromIndex(index));
      const first = firstOfKey.get(key);
      if (first === undefined) firstOfKey.set(key, index);
      table[index] = first ?? index;
    }
    classTable = table;
  }
  return classTable;
}

let classMembers: { offsets: Uint32Array; cells: Uint16Array } | undefined;

/** The cells of each class, grouped: class of representative r holds cells[offsets[r]..offsets[r + 1]). */
function nb201ClassMembers(): { offsets: Uint32Array; cells: Uint16Array } {
  if (classMembers === undefined) {
    const table = nb201ClassTable();
    const offsets = new Uint32Array(CELLS + 1);
    for (let index = 0; index < CELLS; index++) offsets[table[index] + 1]++;
    for (let r = 0; r < CELLS; r++) offsets[r + 1] += offsets[r];
    const next = offsets.slice(0, CELLS);
    const cells = new Uint16Array(CELLS);
    for (let index = 0; index < CELLS; index++) cells[next[table[index]]++] = index;
    classMembers = { offsets, cells };
  }
  return classMembers;
}

/** Every cell isomorphic to `genome` (itself included), as concatenated genomes. */
export function nb201Isomorphs(genome: Uint8Array): Uint8Array {
  const { offsets, cells } = nb201ClassMembers();
  const representative = nb201ClassTable()[genomeIndex(genome)];
  const members = cells.subarray(offsets[representative], offsets[representative + 1]);
  const out = new Uint8Array(members.length * LENGTH);
  members.forEach((index, i) => out.set(genomeFromIndex(index), i * LENGTH));
  return out;
}

const reference: SpaceReference = {
  sample(rng) {
    const genome = new Uint8Array(LENGTH);
    for (let i = 0; i < LENGTH; i++) genome[i] = rng.below(5);
    return genome;
  },
  canonicalize(genome) {
    genome.set(genomeFromIndex(nb201ClassTable()[genomeIndex(genome)]));
    return true;
  },
  editDistance(a, b) {
    let d = 0;
    for (let i = 0; i < LENGTH; i++) if (a[i] !== b[i]) d++;
    return d;
  },
  moveCount: 24,
  applyMove(genome, k) {
    const out = genome.slice();
    const edge = k >> 2;
    let op = k & 3;
    if (op >= genome[edge]) op++;
    out[edge] = op;
    return out;
  },
};

function parse(value: unknown, location: InputLocation = {}): Uint8Array {
  const where = { field: "arch", ...location };
  if (typeof value !== "string") {
    throw new LissnasError("E_PARSE", `expected an NB201 string like "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|…|"; found ${describe(value)}`, where);
  }
  const nodes = value.split("+");
  if (nodes.length !== 3) {
    throw new LissnasError("E_PARSE", `expected 3 nodes separated by "+" in "${value}"; found ${nodes.length}`, where);
  }
  const genome = new Uint8Array(LENGTH);
  let gene = 0;
  nodes.forEach((node, n) => {
    if (!node.startsWith("|") || !node.endsWith("|") || node.length < 2) {
      throw new LissnasError("E_PARSE", `node ${n + 1} "${node}" must be enclosed in "|"`, where);
    }
    const edges = node.slice(1, -1).split("|");
    if (edges.length !== n + 1) {
      throw new LissnasError("E_PARSE", `node ${n + 1} "${node}" must have ${n + 1} edge(s); found ${edges.length}`, where);
    }
    edges.forEach((edge, input) => {
      const tilde = edge.lastIndexOf("~");
      const op = tilde < 0 ? edge : edge.slice(0, tilde);
      const from = tilde < 0 ? "" : edge.slice(tilde + 1);
      const opIndex = OP_INDEX.get(op);
      if (opIndex === undefined) {
        throw new LissnasError("E_PARSE", `unknown op "${op}" in "${edge}"; expected one of ${NB201_OPS.join(", ")}`, where);
      }
      if (from !== String(input)) {
        throw new LissnasError("E_PARSE", `edge "${edge}" of node ${n + 1} must read from node ${input} ("${op}~${input}"); found "~${from}"`, where);
      }
      genome[gene++] = opIndex;
    });
  });
  return genome;
}

function format(genome: Uint8Array): string {
  const node = (genes: readonly number[]) =>
    "|" + genes.map((gene) => `${NB201_OPS[genome[gene]]}~${EDGE_INPUT[gene]}`).join("|") + "|";
  return NODE_EDGES.map(node).join("+");
}

export const nb201: SearchSpace = {
  id: "nb201",
  aliases: ["nasbench201", "nas-bench-201", "nats-tss"],
  description: "NAS-Bench-201 / NATS-Bench topology cells (6 edges x 5 ops)",
  wasmId: 0,
  genomeLength: LENGTH,
  cardinalities: Array(LENGTH).fill(5),
  maxEditDistance: 6,
  operationGenes: [0, 1, 2, 3, 4, 5],
  maxEditDistanceNote: "exact: number of edges whose op differs",
  size: () => BigInt(CELLS),
  uniqueSize: () => BigInt(new Set(Array.from(nb201ClassTable())).size),
  parse,
  format,
  reference,
  prepareCore: (core) => core.installNb201ClassTable(nb201ClassTable()),
  // editDistance counts the edges that differ between cells as written; classes are compared through their members.
  isomorphs: nb201Isomorphs,
  *enumerate() {
    const table = nb201ClassTable();
    const representatives: number[] = [];
    table.forEach((representative, index) => {
      if (representative === index) representatives.push(index);
    });
    const genomes = new Uint8Array(representatives.length * LENGTH);
    representatives.forEach((index, i) => genomes.set(genomeFromIndex(index), i * LENGTH));
    yield genomes;
  },
};
