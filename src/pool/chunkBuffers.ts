// The SharedArrayBuffers a run's kernel chunks live in, allocated once per run by the main thread and
// handed to every worker in workerData. Layout (length = genome bytes of the space):
//   seeds      maxSeeds x length bytes   the iteration's walk seeds, in walk order (written by main)
//   seedIndex  maxSeeds x i32            each walk seed's index p in the iteration's seed ranking
//                                        (its RNG stream is (seed, iteration, p + i, j))
//   genomes    slots x slotItems x length bytes   chunk outputs: canonical genomes
//   distances  slots x slotItems u8                walk distance of each output (0 for samples)
//   keys       slots x slotItems u64               canonical 64-bit keys of the outputs
// Chunk c writes slot c % slots; the main thread reads a slot before it dispatches the chunk that reuses it.
export interface ChunkBuffers {
  genomeLength: number;
  maxSeeds: number;
  slots: number;
  slotItems: number;
  seeds: SharedArrayBuffer;
  seedIndex: SharedArrayBuffer;
  genomes: SharedArrayBuffer;
  distances: SharedArrayBuffer;
  keys: SharedArrayBuffer;
}

export function allocateChunkBuffers(genomeLength: number, maxSeeds: number, slots: number, slotItems: number): ChunkBuffers {
  return {
    genomeLength,
    maxSeeds,
    slots,
    slotItems,
    seeds: new SharedArrayBuffer(Math.max(1, maxSeeds * genomeLength)),
    seedIndex: new SharedArrayBuffer(Math.max(1, maxSeeds) * 4),
    genomes: new SharedArrayBuffer(slots * slotItems * genomeLength),
    distances: new SharedArrayBuffer(slots * slotItems),
    keys: new SharedArrayBuffer(slots * slotItems * 8),
  };
}

/** Views of one slot's first `count` items. */
export function slotViews(buffers: ChunkBuffers, chunk: number, count: number): { genomes: Uint8Array; distances: Uint8Array; keys: BigUint64Array } {
  const slot = chunk % buffers.slots;
  const first = slot * buffers.slotItems;
  return {
    genomes: new Uint8Array(buffers.genomes, first * buffers.genomeLength, count * buffers.genomeLength),
    distances: new Uint8Array(buffers.distances, first, count),
    keys: new BigUint64Array(buffers.keys, first * 8, count),
  };
}
