// Column names and value labels of each space's genes, for exports a trainer reads: NB201's edges
// (node<-input, in arch-string order), NB301's per-cell input/op genes, NB101's edge bits and vertex ops,
// the choice spaces' layers; any other space falls back to gene_<i> with numeric values.
import type { SearchSpace } from "../spaces/space.js";
import { NB201_OPS } from "../spaces/nb201/index.js";
import { NB301_OPS, NB301_CELLS } from "../spaces/nb301/genome.js";
import { NB101_OPS, NB101_VERTICES, edgeGene } from "../spaces/nb101/genome.js";
import { SPOS_CHOICES } from "../spaces/spos/index.js";
import { FAIRNAS_CHOICES } from "../spaces/fairnas/index.js";

export interface GeneColumn {
  name: string;
  /** What the gene chooses: an operation, an input node, an edge bit, or a generic choice. */
  kind: "operation" | "input" | "edge" | "choice";
  /** A label per value (value v is labels[v]). */
  labels: string[];
}

const NB201_EDGES = ["1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2"];

function numbered(count: number): string[] {
  return Array.from({ length: count }, (_, v) => String(v));
}

export function geneColumns(space: SearchSpace): GeneColumn[] {
  switch (space.id) {
    case "nb201":
      return NB201_EDGES.map((edge) => ({ name: `edge_${edge.replace("<-", "_from_")}`, kind: "operation", labels: [...NB201_OPS] }));
    case "nb301":
      return Array.from({ length: 32 }, (_, gene) => {
        const cell = NB301_CELLS[gene >> 4];
        const node = ((gene >> 2) & 3) + 2;
        const edge = (gene >> 1) & 1;
        return gene % 2 === 0
          ? { name: `${cell}_node${node}_input${edge}`, kind: "input" as const, labels: numbered(node) }
          : { name: `${cell}_node${node}_op${edge}`, kind: "operation" as const, labels: [...NB301_OPS] };
      });
    case "nb101": {
      const columns: GeneColumn[] = new Array(26);
      for (let i = 0; i < NB101_VERTICES; i++) {
        for (let j = i + 1; j < NB101_VERTICES; j++) columns[edgeGene(i, j)] = { name: `edge_${i}_${j}`, kind: "edge", labels: ["0", "1"] };
      }
      for (let v = 1; v <= 5; v++) columns[20 + v] = { name: `op_vertex${v}`, kind: "operation", labels: [...NB101_OPS] };
      return columns;
    }
    case "spos":
      return space.cardinalities.map((_, i) => ({ name: `block_${i}`, kind: "operation", labels: [...SPOS_CHOICES] }));
    case "fairnas":
      return space.cardinalities.map((_, i) => ({ name: `layer_${i}`, kind: "operation", labels: [...FAIRNAS_CHOICES] }));
    default:
      return space.cardinalities.map((card, i) => ({ name: `gene_${i}`, kind: "choice", labels: numbered(card) }));
  }
}
