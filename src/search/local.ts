// Local search, White et al. 2020 ("Local search is state of the art for NAS benchmarks"): start from a
// random architecture; query its whole neighbourhood (radius 1, or the domain's nearest members inside a
// member set) and move to the best neighbour when it beats the current one; at a local optimum restart
// from a random unqueried architecture. Neighbours already known cost nothing (the budget counts
// distinct queries); when the budget runs out mid-neighbourhood the queried part is kept.
import { finished, queryRandomUnknown, type SearchAlgorithm, type TrialContext } from "./algorithm.js";

export const localSearch: SearchAlgorithm = {
  name: "local",
  async run(context: TrialContext): Promise<void> {
    const { domain, log, random } = context;
    const length = domain.kernels.space.genomeLength;
    while (!finished(context)) {
      // (Re)start: one random architecture nobody has queried.
      if (await queryRandomUnknown(context, 1) === 0) return;
      let current = log.genomes[log.count - 1];
      let currentScore = log.score(log.values[log.count - 1]);
      while (!finished(context)) {
        const neighbours = shuffled(domain.neighbours(current, random), length, random);
        if (neighbours.length === 0) break;
        const values = await log.query(neighbours);
        let bestAt = -1;
        let bestScore = -Infinity;
        values.forEach((value, i) => {
          const score = log.score(value);
          if (!Number.isNaN(value) && score > bestScore) {
            bestScore = score;
            bestAt = i;
          }
        });
        if (bestAt < 0 || bestScore <= currentScore) break; // a local optimum (or budget spent): restart
        current = neighbours.slice(bestAt * length, (bestAt + 1) * length);
        currentScore = bestScore;
      }
    }
  },
};

/** The rows in a random order (the query order inside a neighbourhood, as naszilla shuffles it). */
function shuffled(genomes: Uint8Array, length: number, random: { below(n: number): number }): Uint8Array {
  const count = genomes.length / length;
  const out = genomes.slice();
  for (let i = count - 1; i > 0; i--) {
    const j = random.below(i + 1);
    if (j === i) continue;
    const t = out.slice(i * length, (i + 1) * length);
    out.copyWithin(i * length, j * length, (j + 1) * length);
    out.set(t, j * length);
  }
  return out;
}
