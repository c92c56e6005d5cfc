// `lissnas export`: a space's members in the forms trainers read: NASLib encodings (naslib), the
// per-position operation mask a supernet applies to prune its choice blocks (mask), and the genomes
// with the space's column names (csv, jsonl).
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import type { MemberSet } from "../search/inputSpace.js";
import { geneColumns } from "./geneColumns.js";
import { naslibEncoding, NASLIB_NB201_EDGE_GENES, NASLIB_NB201_OP_INDEX } from "./naslib.js";
import { NB301_CELLS, NB301_OPS } from "../spaces/nb301/genome.js";

export const EXPORT_FORMATS = ["naslib", "mask", "csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const MASK_SCHEMA_VERSION = 1;

function rows(members: MemberSet, length: number): Uint8Array[] {
  return Array.from({ length: members.count }, (_, i) => members.genomes.subarray(i * length, (i + 1) * length));
}

/** JSON Lines: {arch, key, <encoding>} per member. */
function naslibLines(kernels: SpaceKernels, members: MemberSet): string {
  const { space } = kernels;
  const keys = kernels.keyTexts(members.genomes);
  return rows(members, space.genomeLength).map((g, i) => JSON.stringify({ arch: space.format(g), key: keys[i], ...naslibEncoding(space, g) })).join("\n") + "\n";
}

function jsonLines(kernels: SpaceKernels, members: MemberSet): string {
  const { space } = kernels;
  const columns = geneColumns(space);
  const keys = kernels.keyTexts(members.genomes);
  return rows(members, space.genomeLength).map((g, i) => {
    const row: Record<string, unknown> = { arch: space.format(g), key: keys[i] };
    columns.forEach((c, gene) => (row[c.name] = g[gene]));
    return JSON.stringify(row);
  }).join("\n") + "\n";
}

/** CSV: key, then one integer column per gene (value v means the column's label v, listed in the mask export). */
function csv(kernels: SpaceKernels, members: MemberSet): string {
  const { space } = kernels;
  const columns = geneColumns(space);
  const keys = kernels.keyTexts(members.genomes);
  const lines = [["key", ...columns.map((c) => c.name)].join(",")];
  rows(members, space.genomeLength).forEach((g, i) => lines.push([keys[i], ...Array.from(g)].join(",")));
  return lines.join("\n") + "\n";
}

export interface MaskPosition {
  position: number;
  name: string;
  kind: string;
  /** Every value the position can take, and which of them the space's members use. */
  values: string[];
  used: string[];
  /** Members using each value. */
  counts: number[];
}

export interface OperationMask {
  schema_version: number;
  kind: "operation-mask";
  space: string;
  source: string;
  members: number;
  positions: MaskPosition[];
  /** nb201: NASLib's edge order and op indices of the used ops per edge. */
  naslib?: Array<{ edge: [number, number]; op_indices: number[] }>;
  /** nb301: ops used on each DARTS edge (input -> node) of each cell, over both pair slots. */
  edges?: Array<{ cell: string; from: number; to: number; ops: string[] }>;
}

export function operationMask(kernels: SpaceKernels, members: MemberSet): OperationMask {
  const { space } = kernels;
  const columns = geneColumns(space);
  const length = space.genomeLength;
  const counts = columns.map((c) => new Array<number>(c.labels.length).fill(0));
  const genomes = rows(members, length);
  for (const g of genomes) for (let gene = 0; gene < length; gene++) counts[gene][g[gene]]++;
  const mask: OperationMask = {
    schema_version: MASK_SCHEMA_VERSION, kind: "operation-mask", space: space.id, source: members.source, members: members.count,
    positions: columns.map((c, gene) => ({
      position: gene, name: c.name, kind: c.kind, values: c.labels, used: c.labels.filter((_, v) => counts[gene][v] > 0), counts: counts[gene],
    })),
  };
  if (space.id === "nb201") {
    const edgeList: Array<[number, number]> = [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]];
    mask.naslib = NASLIB_NB201_EDGE_GENES.map((gene, k) => ({
      edge: edgeList[k], op_indices: counts[gene].map((n, v) => (n > 0 ? NASLIB_NB201_OP_INDEX[v] : -1)).filter((v) => v >= 0).sort((a, b) => a - b),
    }));
  }
  if (space.id === "nb301") {
    const used = new Map<string, Set<number>>();
    for (const g of genomes) {
      for (let cell = 0; cell < 2; cell++) {
        for (let pair = 0; pair < 8; pair++) {
          const node = (pair >> 1) + 2;
          const key = `${cell}:${g[cell * 16 + 2 * pair]}:${node}`;
          if (!used.has(key)) used.set(key, new Set());
          used.get(key)!.add(g[cell * 16 + 2 * pair + 1]);
        }
      }
    }
    mask.edges = [];
    for (let cell = 0; cell < 2; cell++) {
      for (let node = 2; node < 6; node++) {
        for (let from = 0; from < node; from++) {
          const ops = used.get(`${cell}:${from}:${node}`);
          mask.edges.push({ cell: NB301_CELLS[cell], from, to: node, ops: ops === undefined ? [] : [...ops].sort((a, b) => a - b).map((op) => NB301_OPS[op]) });
        }
      }
    }
  }
  return mask;
}

export function exportMembers(kernels: SpaceKernels, members: MemberSet, format: string): string {
  switch (format) {
    case "naslib": return naslibLines(kernels, members);
    case "jsonl": return jsonLines(kernels, members);
    case "csv": return csv(kernels, members);
    case "mask": return JSON.stringify(operationMask(kernels, members), null, 2) + "\n";
    default:
      throw new LissnasError("E_OPTION", `--format must be one of ${EXPORT_FORMATS.join(", ")}; found "${format}"`, { field: "format" });
  }
}

