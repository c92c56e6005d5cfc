// Edit distance over batched pairs: nb301 (matching distance) and nb101 (exact over relabellings).
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { row, type Row } from "./harness.js";

export async function editDistanceBench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of ["nb301", "nb101"]) {
    const kernels = new SpaceKernels(getSpace(id));
    const length = kernels.space.genomeLength;
    const count = id === "nb301" ? 65536 : 8192;
    const a = kernels.sample(count, 4n);
    const b = kernels.sample(count, 5n);
    const refBatch = id === "nb301" ? 4096 : 128;
    rows.push(await row(`${id} edit distance, batched pairs`, count, () => kernels.editDistances(a, b),
      { batch: refBatch, run: () => { for (let i = 0; i < refBatch; i++) kernels.space.reference.editDistance(a.subarray(i * length, (i + 1) * length), b.subarray(i * length, (i + 1) * length)); } },
      "one thread"));
  }
  return rows;
}
