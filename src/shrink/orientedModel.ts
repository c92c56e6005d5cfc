// The shrink loop always maximises. A metric to minimise (loss, error, latency) reaches it through this
// wrapper, which negates the scores; src/shrink/output.ts turns them back into the metric's units.
import type { ScoringModel } from "./lissnas.js";
import type { Direction } from "../stats/direction.js";

/** `model` as the loop sees it: larger is better. The same object when the direction is "max". */
export function orientedModel(model: ScoringModel, direction: Direction): ScoringModel {
  if (direction === "max") return model;
  return {
    description: `${model.description}, minimised`,
    digest: model.digest,
    async predict(genomes) {
      const scores = await model.predict(genomes);
      const out = new Float32Array(scores.length);
      // Negation is exact in float32: the loop sees the same numbers, only their order reversed.
      for (let i = 0; i < scores.length; i++) out[i] = -scores[i];
      return out;
    },
    close: model.close === undefined ? undefined : () => model.close!(),
  };
}
