// full — the whole space: the reference every figure is compared with. Its members are the universe's
// classes (or every class, or a uniform sample of 10,000 where the space is too large to enumerate);
// its size is the space's number of classes.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { drawDistinct } from "./produce.js";

const SAMPLED_MEMBERS = 10_000;

export const full: ShrinkMethod = {
  name: "full",
  description: "the whole space",
  sizedToTarget: false,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, kernels, universe, seed } = context;
    const size = Number(space.uniqueSize() ?? space.size());
    if (universe !== undefined) {
      return { genomes: universe.genomes, keys: universe.keys, classes: Array.from(universe.keys, (_k, c) => c), size, estimated: false, scored: 0, reason: null };
    }
    let members;
    if (space.enumerate !== undefined) {
      const batches = [...space.enumerate(kernels.core)];
      const genomes = new Uint8Array(batches.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of batches) { genomes.set(b, at); at += b.length; }
      members = { genomes, keys: kernels.keys(genomes) };
    } else {
      members = drawDistinct(kernels, SAMPLED_MEMBERS, seed, 0xf011n);
    }
    return { ...members, classes: null, size, estimated: false, scored: 0, reason: null };
  },
};
