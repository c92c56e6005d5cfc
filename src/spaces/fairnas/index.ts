// FairNAS (Chu et al. 2019) search space: 19 MBConv layers x 6 choices (kernel 3/5/7 x expansion 3/6),
// 6^19 architectures. Text form: the model_meta choice list of the FairNAS code (`[2, 0, 2, 3, …]`,
// choice = 3 * (expansion == 6) + (kernel - 3) / 2); a compact digit string is accepted too.
// Kernels: assembly/spaces/fairnas.ts; cost: ./cost.ts.
import type { InputLocation } from "../../errors.js";
import type { SearchSpace } from "../space.js";
import { choiceReference, choiceSize, formatChoiceList, parseChoiceList, type ChoiceListFormat } from "../spos/choiceGenome.js";
import { fairnasCost } from "./cost.js";

export const FAIRNAS_CHOICES = [
  "MBConv k3 e3", "MBConv k5 e3", "MBConv k7 e3", "MBConv k3 e6", "MBConv k5 e6", "MBConv k7 e6",
] as const;
const LENGTH = 19;
const CARDINALITIES: readonly number[] = Array(LENGTH).fill(FAIRNAS_CHOICES.length);
const FORMAT: ChoiceListFormat = { name: "FairNAS", unit: "layer", length: LENGTH, labels: FAIRNAS_CHOICES };

export const fairnas: SearchSpace = {
  id: "fairnas",
  aliases: ["fair-nas", "fairnas-mbconv"],
  description: "FairNAS MBConv supernet (19 layers x 6 choices: kernel 3/5/7 x expansion 3/6; 6^19)",
  wasmId: 7,
  genomeLength: LENGTH,
  cardinalities: CARDINALITIES,
  maxEditDistance: LENGTH,
  maxEditDistanceNote: "exact: number of layers whose choice differs (Hamming)",
  operationGenes: Array.from({ length: LENGTH }, (_, i) => i),
  size: () => choiceSize(CARDINALITIES),
  // A fixed chain of distinct layers: no two choice lists build the same network.
  uniqueSize: () => choiceSize(CARDINALITIES),
  parse: (value: unknown, location?: InputLocation) => parseChoiceList(value, FORMAT, location),
  format: formatChoiceList,
  reference: choiceReference(CARDINALITIES),
  cost(genome) {
    const { flops, params } = fairnasCost(genome);
    return { flops: flops / 1e6, params: params / 1e6 };
  },
  costUnits: { flops: "MFLOPs (multiply-adds, ImageNet 224x224)", params: "M parameters" },
};
