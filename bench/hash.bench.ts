// Hashing: the NB101 md5 module fingerprint (official, interoperable) and the fast 64-bit canonical
// keys used for dedup, WASM batches against the plain TypeScript references one genome at a time.
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { referenceOfficialHash } from "../src/spaces/nb101/reference.js";
import { hashBytes, HASH_LANE0 } from "../src/wasm/reference.js";
import { row, type Row } from "./harness.js";
import { nb101Classes } from "./nb101Cells.js";

export async function hashBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const nb101 = new SpaceKernels(getSpace("nb101"));
  const cells = nb101Classes(nb101.core, 10000);
  const length101 = nb101.space.genomeLength;
  rows.push(await row("nb101 module hash (md5-compatible), NB101 classes", 10000, () => nb101.core.nb101OfficialHashes(cells),
    { batch: 200, run: () => { for (let i = 0; i < 200; i++) referenceOfficialHash(cells.subarray(i * length101, (i + 1) * length101)); } },
    "mostly 7-vertex cells; reference = TS port on node:crypto md5"));
  for (const id of ["nb101", "nb301"]) {
    const kernels = new SpaceKernels(getSpace(id));
    const length = kernels.space.genomeLength;
    const genomes = kernels.sample(65536, 2n);
    const lane = HASH_LANE0 ^ (BigInt(kernels.space.wasmId) << 56n);
    rows.push(await row(`${id} fast canonical key (64-bit)`, 65536, () => kernels.keys(genomes),
      { batch: 2000, run: () => { for (let i = 0; i < 2000; i++) hashBytes(genomes.subarray(i * length, (i + 1) * length), lane); } },
      "canonical genomes in, keys out"));
    rows.push(await row(`${id} canonicalize + key`, 65536, () => kernels.keys(kernels.canonicalize(genomes).genomes),
      { batch: 2000, run: () => { for (let i = 0; i < 2000; i++) { const g = genomes.slice(i * length, (i + 1) * length); kernels.space.reference.canonicalize(g); hashBytes(g, lane); } } }));
  }
  return rows;
}
