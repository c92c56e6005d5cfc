// full — the whole space: the reference every figure is compared with. Its members are the universe's
// classes (or every class, or a uniform sample of 10,000 where the space is too large to enumerate);
// its size is the space's number of classes.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { drawDistinct } from "./produce.js";
import { enumeration } from "./enumeration.js";

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
    const all = enumeration(kernels);
    const members = all === undefined ? drawDistinct(kernels, SAMPLED_MEMBERS, seed, 0xf011n) : { genomes: all.genomes, keys: all.keys };
    return { ...members, classes: null, size, estimated: false, scored: 0, reason: null };
  },
};
