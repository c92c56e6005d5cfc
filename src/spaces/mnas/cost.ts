// FLOPs and parameters of Accel-NASBench networks as the benchmark rows report them (millions), from the
// EfficientNet-B0-style skeleton of its search space (configurationspaces/searchspaces.py): stem conv 3x3/2
// to 32 at 224x224; blocks with input channels (32, 16, 24, 40, 80, 112, 192), output channels
// (16, 24, 40, 80, 112, 192, 320), strides (1, 2, 2, 2, 1, 2, 1) on their first layer; each layer an MBConv
// (1x1 expand unless expansion is 1, depthwise k x k, optional squeeze-excite reducing to
// max(1, int(0.25 * layer input channels)) with biased 1x1 convs, 1x1 project), every conv followed by
// BatchNorm; head conv 1x1 to 1280, global pool, linear 1280 -> 1000 with bias.
// Parameters: weights + BatchNorm scale and shift + biases (equals every sample row exactly).
// FLOPs: multiply-adds of the convs and the linear layer, plus the element-wise work the benchmark's
// counter adds: 4 per output element of each normalised conv, per SE the channel scaling (one per
// element) and one per channel, and 64,000 for the head (the 1280 x 7 x 7 pooling + 1,280). These
// per-element terms were read off the 40 sample rows (shared/data/samples/accel_mnas.sample.jsonl), whose
// FLOPs test/mnas.test.ts reproduces to the row's last digit.
import { ConvCost } from "../convCost.js";

const STRIDES = [1, 2, 2, 2, 1, 2, 1] as const;
const INPUT_CHANNELS = [32, 16, 24, 40, 80, 112, 192] as const;
const OUTPUT_CHANNELS = [16, 24, 40, 80, 112, 192, 320] as const;
const HEAD_CHANNELS = 1280;
const CLASSES = 1000;
const ELEMENTWISE_PER_NORMALISED_OUTPUT = 4;
const HEAD_POOL_FLOPS = HEAD_CHANNELS * 7 * 7 + HEAD_CHANNELS;

export interface MnasBlock { expansion: number; kernel: number; layers: number; squeezeExcite: boolean }

/** Raw counts (FLOPs as the benchmark counts them, parameters) of the network built from `blocks`. */
export function mnasCost(blocks: readonly MnasBlock[]): { flops: number; params: number } {
  const cost = new ConvCost(ELEMENTWISE_PER_NORMALISED_OUTPUT);
  let size = 112;
  cost.conv(3, 32, 3, size);
  blocks.forEach(({ expansion, kernel, layers, squeezeExcite }, block) => {
    for (let layer = 0; layer < layers; layer++) {
      const input = layer === 0 ? INPUT_CHANNELS[block] : OUTPUT_CHANNELS[block];
      const hidden = input * expansion;
      if (expansion !== 1) cost.conv(input, hidden, 1, size);
      if (layer === 0) size /= STRIDES[block];
      cost.conv(hidden, hidden, kernel, size, true);
      if (squeezeExcite) {
        const reduced = Math.max(1, Math.floor(input * 0.25));
        cost.flops += 2 * hidden * reduced + hidden * size * size + hidden;
        cost.params += 2 * hidden * reduced + reduced + hidden;
      }
      cost.conv(hidden, OUTPUT_CHANNELS[block], 1, size);
    }
  });
  cost.conv(OUTPUT_CHANNELS[6], HEAD_CHANNELS, 1, size);
  cost.flops += HEAD_POOL_FLOPS;
  cost.linear(HEAD_CHANNELS, CLASSES, true);
  return { flops: cost.flops, params: cost.params };
}
