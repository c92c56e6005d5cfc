// Analytic FLOPs and parameters of a NAS-Bench-Macro network, counted the way the benchmark counts
// them (CIFAR-10, 32x32 input, 10 classes), so they equal its rows exactly:
// - network: stem conv3x3 3->32 (stride 1) + BN; 8 layers in stages of 2, 3, 3 whose first layer has
//   stride 2 and doubles the channels (32 -> 64 -> 128 -> 256); head conv1x1 -> 1280 + BN, global
//   pooling, linear 1280 -> 10.
// - MBv2 block (expansion e, kernel k): conv1x1 c->ec + BN, depthwise kxk (stride s) + BN,
//   conv1x1 ec->c' + BN. Identity: nothing, or conv1x1 stride s + BN when it must change shape.
// - params: every conv weight (no biases), 2 per BN channel (scale, shift), linear weight and bias.
// - FLOPs: multiply-accumulates of convs (in x out x H' x W' / groups x k x k) and of the linear layer.
import { ConvCost } from "../convCost.js";

const INPUT = 32;
const STEM = 32;
const HEAD = 1280;
const CLASSES = 10;
/** Per choice: [expansion, kernel], identity = null. */
const BLOCKS: ReadonlyArray<readonly [number, number] | null> = [null, [3, 3], [6, 5]];
const STAGES = [2, 3, 3] as const;

export interface NetworkCost {
  flops: number;
  params: number;
}

export function nbMacroCost(genome: Uint8Array): NetworkCost {
  const cost = new ConvCost();
  let size = INPUT;
  /** Depthwise: one group per channel (in = out). */
  const conv = (inChannels: number, outChannels: number, kernel: number, stride: number, depthwise = false) => {
    size = Math.floor((size + 2 * Math.floor(kernel / 2) - kernel) / stride) + 1;
    cost.conv(inChannels, outChannels, kernel, size, depthwise);
  };
  conv(3, STEM, 3, 1);
  let channels = STEM;
  let layer = 0;
  for (const layers of STAGES) {
    for (let i = 0; i < layers; i++, layer++) {
      const stride = i === 0 ? 2 : 1;
      const out = i === 0 ? channels * 2 : channels;
      const block = BLOCKS[genome[layer]];
      if (block === null) {
        if (stride !== 1 || out !== channels) conv(channels, out, 1, stride);
      } else {
        const [expansion, kernel] = block;
        const hidden = channels * expansion;
        conv(channels, hidden, 1, 1);
        conv(hidden, hidden, kernel, stride, true);
        conv(hidden, out, 1, 1);
      }
      channels = out;
    }
  }
  conv(channels, HEAD, 1, 1);
  cost.linear(HEAD, CLASSES, true);
  return { flops: cost.flops, params: cost.params };
}
