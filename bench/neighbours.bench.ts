// Neighbour generation + dedup: random walks (1..radius moves, canonicalised), keyed and inserted into
// the explored-region set, as one shrink iteration does; against the TS reference walk one at a time.
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { GenomeSet } from "../src/dedup/genomeSet.js";
import { ReferenceRng, hashBytes, HASH_LANE0 } from "../src/wasm/reference.js";
import { row, type Row } from "./harness.js";

export async function neighboursBench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [id, radius] of [["nb101", 1], ["nb101", 3], ["nb101", 8], ["nb301", 1], ["nb301", 9]] as const) {
    const kernels = new SpaceKernels(getSpace(id));
    const reference = kernels.space.reference;
    const length = kernels.space.genomeLength;
    const seeds = kernels.sample(64, 3n);
    const perSeed = 1024;
    const set = new GenomeSet(kernels.core, 1 << 22);
    let stream = 0n;
    const lane = HASH_LANE0 ^ (BigInt(kernels.space.wasmId) << 56n);
    const rng = new ReferenceRng(7n);
    const seen = new Set<bigint>();
    rows.push(await row(`${id} neighbours: walk + canonicalize + key + dedup`, seeds.length / length * perSeed, () => {
      const { genomes } = kernels.walkNeighbours(seeds, radius, perSeed, 1n, { stream: stream++ });
      if (set.size > 1 << 21) return; // the set keeps its load bound; refilling it is not the cost measured
      set.add(kernels.keys(genomes));
    }, { batch: 256, run: () => {
      for (let n = 0; n < 256; n++) {
        let g: Uint8Array = seeds.slice((n % 64) * length, (n % 64 + 1) * length);
        const steps = 1 + rng.below(radius);
        for (let s = 0; s < steps; s++) {
          let next: Uint8Array | null = null;
          while (next === null) next = reference.applyMove(g, rng.below(reference.moveCount));
          g = next;
        }
        reference.editDistance(seeds.subarray((n % 64) * length, (n % 64 + 1) * length), g);
        reference.canonicalize(g);
        const key = hashBytes(g, lane);
        if (seen.size < 1 << 20) seen.add(key);
      }
    } }, `radius ${radius}, ${perSeed} walks per seed; one thread`));
  }
  return rows;
}
