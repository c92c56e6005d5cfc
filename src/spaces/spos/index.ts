// SPOS (Single Path One-Shot, Guo et al. 2019) block search space on the ShuffleNetV2 supernet:
// 20 choice blocks x 4 choices, 4^20 architectures. Text form: the choice list the SPOS code prints
// (`[0, 0, 3, 1, …]`, OneShot/network.py); a compact digit string `00311…` is accepted too.
// Kernels: assembly/spaces/spos.ts; cost: ./cost.ts.
import type { SearchSpace } from "../space.js";
import { uniformChoiceSpace } from "./choiceGenome.js";
import { shuffleNetCost } from "./cost.js";

export const SPOS_CHOICES = ["ShuffleNet 3x3", "ShuffleNet 5x5", "ShuffleNet 7x7", "Shuffle-Xception"] as const;
const LENGTH = 20;
export const spos: SearchSpace = uniformChoiceSpace({
  id: "spos",
  aliases: ["single-path-one-shot", "shufflenetv2-oneshot", "shufflenet-spos"],
  description: "SPOS ShuffleNetV2 one-shot blocks (20 blocks x 4 choices: ShuffleNet 3x3/5x5/7x7, Xception; 4^20)",
  wasmId: 6,
  format: { name: "SPOS", unit: "block", length: LENGTH, labels: SPOS_CHOICES },
  counts: shuffleNetCost,
});
