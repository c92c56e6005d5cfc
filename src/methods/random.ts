// random — K uniform classes (K = the target size): what shrinking has to beat at all. With a universe
// (a truth table, every class, or a uniform sample of classes) the K classes are drawn from it, so every
// member drawn has a truth value; without one, from the space itself.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { drawDistinct, explicitSpace } from "./produce.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";

export const random: ShrinkMethod = {
  name: "random",
  description: "K classes drawn uniformly (K = the target size)",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { universe, kernels, seed, targetSize } = context;
    const length = kernels.space.genomeLength;
    const classes = universe?.keys.length ?? 0;
    // A uniform subset of the universe's classes is a uniform subset of the space (the universe is the whole
    // space or a uniform sample of it): K classes drawn from it stand for a K-class draw, all of them measurable.
    const take = universe === undefined ? 0 : Math.min(classes, targetSize);
    // A universe too sparse to hold one class of a K-class draw cannot stand for it: draw from the space.
    if (universe === undefined || take < 1) return explicitSpace(context, drawDistinct(kernels, targetSize, seed, 0x2a4d1n), 0);
    const rng = new ReferenceRng(streamState(seed, 0x2a4d0n, 1n));
    const order = Int32Array.from({ length: classes }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + rng.below(classes - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const chosen = Array.from(order.subarray(0, take));
    const genomes = new Uint8Array(take * length);
    chosen.forEach((c, n) => genomes.set(universe.genomes.subarray(c * length, (c + 1) * length), n * length));
    return {
      genomes, keys: BigUint64Array.from(chosen, (c) => universe.keys[c]), classes: chosen,
      size: targetSize, estimated: take < targetSize, scored: 0, reason: null,
    };
  },
};
