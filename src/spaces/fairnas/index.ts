// FairNAS (Chu et al. 2019) search space: 19 MBConv layers x 6 choices (kernel 3/5/7 x expansion 3/6),
// 6^19 architectures. Text form: the model_meta choice list of the FairNAS code (`[2, 0, 2, 3, …]`,
// choice = 3 * (expansion == 6) + (kernel - 3) / 2); a compact digit string is accepted too.
// Kernels: assembly/spaces/fairnas.ts; cost: ./cost.ts.
import type { SearchSpace } from "../space.js";
import { uniformChoiceSpace } from "../spos/choiceGenome.js";
import { fairnasCost } from "./cost.js";

export const FAIRNAS_CHOICES = [
  "MBConv k3 e3", "MBConv k5 e3", "MBConv k7 e3", "MBConv k3 e6", "MBConv k5 e6", "MBConv k7 e6",
] as const;
const LENGTH = 19;
export const fairnas: SearchSpace = uniformChoiceSpace({
  id: "fairnas",
  aliases: ["fair-nas", "fairnas-mbconv"],
  description: "FairNAS MBConv supernet (19 layers x 6 choices: kernel 3/5/7 x expansion 3/6; 6^19)",
  wasmId: 7,
  format: { name: "FairNAS", unit: "layer", length: LENGTH, labels: FAIRNAS_CHOICES },
  counts: fairnasCost,
});
