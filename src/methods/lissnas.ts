// lissnas — the LISSNAS loop (src/shrink/lissnas.ts). Its size and the number of classes it explored set
// every other method's target size and predictor budget.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { shrink } from "../shrink/lissnas.js";
import { universeClasses } from "./produce.js";

export const lissnas: ShrinkMethod = {
  name: "lissnas",
  description: "LISSNAS: seeds' neighbourhoods grown while the mean predicted score rises (sets the others' size and budget)",
  sizedToTarget: false,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const result = await shrink(context.space, context.model, { ...context.shrink, seed: context.seed }, undefined, {});
    const { members } = result;
    const keys = members.keys.slice(0, members.count);
    return {
      genomes: members.batch().slice(), keys, classes: universeClasses(context.universe, keys),
      size: members.count, estimated: false, scored: result.explored, reason: null, shrink: result,
    };
  },
};
