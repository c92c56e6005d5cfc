// Random search: distinct architectures drawn uniformly from the domain until the budget is spent.
import { finished, queryRandomUnknown, type SearchAlgorithm, type TrialContext } from "./algorithm.js";

/** Draws per oracle call: the oracle is called in batches, the query order stays the draw order. */
const BATCH = 64;

export const randomSearch: SearchAlgorithm = {
  name: "random",
  async run(context: TrialContext): Promise<void> {
    while (!finished(context)) {
      if (await queryRandomUnknown(context, BATCH) === 0) return;
    }
  },
};
