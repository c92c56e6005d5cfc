// NAS-Bench-101: cells of <= 7 vertices and <= 9 edges, ops conv3x3-bn-relu, conv1x1-bn-relu,
// maxpool3x3. Genome layout in genome.ts; canonical form, moves and edit distance in
// assembly/spaces/nb101.ts; official md5 fingerprint in assembly/nb101Hash.ts.
import type { InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import type { WasmCore } from "../../wasm/core.js";
import { NB101_LENGTH, NB101_EDGE_GENES, NB101_MAX_EDGES, liveMask, restrictRows, edgeCount } from "./genome.js";
import { readSpec, specToGenome, genomeToSpec } from "./spec.js";
import { readSpecJson, formatSpecJson } from "./specJson.js";
import { nb101Reference } from "./reference.js";
import { nb101Cost } from "./cost.js";

/** Number of isomorphism classes (NAS-Bench-101 paper; reproduced by `npm run verify:nb101`). */
const UNIQUE_CELLS = 423624n;
const ENUMERATION_BATCH = 65536;

let validMatrices: number | undefined;

/** Upper-triangular 7x7 matrices whose pruned cell is connected with <= 9 edges (ops never matter). */
function countValidMatrices(): number {
  if (validMatrices === undefined) {
    let count = 0;
    const rows = new Array<number>(7).fill(0);
    for (let bits = 0; bits < 1 << NB101_EDGE_GENES; bits++) {
      let gene = 0;
      for (let i = 0; i < 7; i++) {
        let row = 0;
        for (let j = i + 1; j < 7; j++) if (bits & (1 << gene++)) row |= 1 << j;
        rows[i] = row;
      }
      const live = liveMask(rows);
      if (live !== 0 && edgeCount(restrictRows(rows, live)) <= NB101_MAX_EDGES) count++;
    }
    validMatrices = count;
  }
  return validMatrices;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export const nb101: SearchSpace = {
  id: "nb101",
  aliases: ["nasbench101", "nas-bench-101"],
  description: "NAS-Bench-101 cells (<= 7 vertices, <= 9 edges, 3 ops)",
  wasmId: 1,
  genomeLength: NB101_LENGTH,
  cardinalities: [...Array(NB101_EDGE_GENES).fill(2), ...Array(5).fill(3)],
  maxEditDistance: 23,
  operationGenes: [21, 22, 23, 24, 25],
  maxEditDistanceNote:
    "bound, not exact: at most 9 + 9 edge toggles and 5 op changes; padding vertices count as isolated " +
    "conv3x3-bn-relu vertices, so adding a conv3x3 vertex costs its 2 edges",
  /** Raw genomes that are valid cells: valid 21-bit matrices x 3^5 op strings (the sampling domain). */
  size: () => BigInt(countValidMatrices()) * 243n,
  uniqueSize: () => UNIQUE_CELLS,
  parse: (value: unknown, location?: InputLocation) => specToGenome(readSpec(value, location)),
  format: (genome: Uint8Array) => genomeToSpec(genome),
  readArchJson: readSpecJson,
  formatJson: formatSpecJson,
  // Exact for the labelling a spec is given in; isomorphic labellings split channel remainders
  // differently (up to 1.3% apart on the 20k-row table), and the canonical one is what a run sees.
  cost: nb101Cost,
  costUnits: { flops: "multiply-accumulates (CIFAR-10, 32x32)", params: "trainable parameters (NAS-Bench-101's count)" },
  reference: nb101Reference,
  officialKeys(genomes: Uint8Array, core: WasmCore): string[] {
    const digests = core.nb101OfficialHashes(genomes);
    const keys: string[] = [];
    for (let i = 0; i < digests.length; i += 16) keys.push(hex(digests.subarray(i, i + 16)));
    return keys;
  },
  *enumerate(core: WasmCore): Iterable<Uint8Array> {
    const cursor = Int32Array.of(2, 0);
    while (cursor[0] <= 7) {
      const batch = core.nb101Enumerate(cursor, ENUMERATION_BATCH);
      if (batch.length > 0) yield batch;
    }
  },
};
