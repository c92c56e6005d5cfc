// Analytic FLOPs (multiply-adds) and parameters of FairNAS networks on ImageNet 224x224, from the layer
// definitions of the released FairNAS-A/B/C models (xiaomi-automl/FairNAS): stem conv 3x3/2 to 32,
// separable conv (depthwise 3x3 + 1x1) to 16, the 19 searchable MBConv layers (1x1 expand, depthwise k x k,
// 1x1 project; residual when shapes match), conv 1x1 to 1280, global pool, linear 1280 -> 1000 with bias.
// Counted: convolutions and the classifier (multiply-adds); parameters = weights, BatchNorm scale and
// shift, classifier bias. Activations, pooling and residual additions: not counted.
import { ConvCost } from "../convCost.js";

/** Output channels and stride of the 19 searchable layers. */
export const FAIRNAS_LAYERS: ReadonlyArray<readonly [channels: number, stride: number]> = [
  [32, 2], [32, 1],
  [40, 2], [40, 1], [40, 1], [40, 1],
  [80, 2], [80, 1], [80, 1], [80, 1],
  [96, 1], [96, 1], [96, 1], [96, 1],
  [192, 2], [192, 1], [192, 1], [192, 1],
  [320, 1],
];

/** Expansion and kernel of choice c = 3 * (expansion == 6) + (kernel - 3) / 2. */
export function fairnasChoice(choice: number): { expansion: number; kernel: number } {
  return { expansion: choice < 3 ? 3 : 6, kernel: 3 + 2 * (choice % 3) };
}

/** Raw counts (multiply-adds, parameters) of the network whose layer i takes choice choices[i]. */
export function fairnasCost(choices: ArrayLike<number>): { flops: number; params: number } {
  const cost = new ConvCost();
  let size = 112;
  cost.conv(3, 32, 3, size);
  cost.conv(32, 32, 3, size, true);
  cost.conv(32, 16, 1, size);
  let input = 16;
  FAIRNAS_LAYERS.forEach(([out, stride], layer) => {
    const { expansion, kernel } = fairnasChoice(choices[layer]);
    const hidden = input * expansion;
    cost.conv(input, hidden, 1, size);
    size /= stride;
    cost.conv(hidden, hidden, kernel, size, true);
    cost.conv(hidden, out, 1, size);
    input = out;
  });
  cost.conv(input, 1280, 1, size);
  cost.linear(1280, 1000, true);
  return { flops: cost.flops, params: cost.params };
}
