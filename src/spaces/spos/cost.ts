// Analytic FLOPs (multiply-adds) and parameters of ShuffleNetV2-style one-shot networks from the layer
// definitions of Megvii's code (ShuffleNet-Series/OneShot/blocks.py and network.py): per block a main
// branch (1x1, depthwise k x k, 1x1; Xception: three depthwise 3x3 + 1x1 pairs) and, for stride-2 blocks,
// a projection branch (depthwise + 1x1). Counted: every convolution and the classifier (multiply-adds);
// parameters = conv and classifier weights + BatchNorm scale and shift. ReLU, pooling, shuffles: not counted.
import { ConvCost } from "../convCost.js";

export interface ShuffleBackbone {
  readonly inputSize: number;
  readonly firstConvChannels: number;
  /** A 3x3/2 max pool after the first conv (ShuffleNetV2); the one-shot supernet has none. */
  readonly maxPool: boolean;
  readonly stageChannels: readonly number[];
  readonly stageRepeats: readonly number[];
  readonly lastConvChannels: number;
  readonly classes: number;
}

/** The SPOS supernet (OneShot/network.py): stage_out_channels [-1, 16, 64, 160, 320, 640, 1024], repeats [4, 4, 8, 4]. */
export const SPOS_BACKBONE: ShuffleBackbone = {
  inputSize: 224, firstConvChannels: 16, maxPool: false,
  stageChannels: [64, 160, 320, 640], stageRepeats: [4, 4, 8, 4], lastConvChannels: 1024, classes: 1000,
};

/** ShuffleNetV2 1.0x (ShuffleNetV2/network.py): channels [-1, 24, 116, 232, 464, 1024], repeats [4, 8, 4], max pool. */
export const SHUFFLENET_V2_1X_BACKBONE: ShuffleBackbone = {
  inputSize: 224, firstConvChannels: 24, maxPool: true,
  stageChannels: [116, 232, 464], stageRepeats: [4, 8, 4], lastConvChannels: 1024, classes: 1000,
};

/** Kernel size of choices 0..2 (ShuffleNet blocks); choice 3 is Shuffle-Xception (3x3 throughout). */
const SHUFFLE_KERNEL = [3, 5, 7] as const;

/**
 * Cost of the network whose block i takes choice choices[i], with the main branch's mid channels
 * int(outChannels / 2 * channelScales[i]) (1.0 everywhere in the block search space).
 * Returns raw counts (multiply-adds, parameters).
 */
export function shuffleNetCost(choices: ArrayLike<number>, backbone: ShuffleBackbone = SPOS_BACKBONE,
  channelScales?: readonly number[]): { flops: number; params: number } {
  const cost = new ConvCost();
  let size = backbone.inputSize / 2;
  cost.conv(3, backbone.firstConvChannels, 3, size);
  if (backbone.maxPool) size /= 2;
  let input = backbone.firstConvChannels;
  let block = 0;
  backbone.stageRepeats.forEach((repeats, stage) => {
    const out = backbone.stageChannels[stage];
    for (let i = 0; i < repeats; i++, block++) {
      const stride = i === 0 ? 2 : 1;
      // Stride 2 feeds the whole input to both branches; stride 1 splits it in half (channel shuffle).
      const inp = stride === 2 ? input : input / 2;
      const mid = Math.floor((out / 2) * (channelScales?.[block] ?? 1));
      const branchOut = out - inp;
      const outSize = size / stride;
      const choice = choices[block];
      if (choice < 3) {
        const k = SHUFFLE_KERNEL[choice];
        cost.conv(inp, mid, 1, size);
        cost.conv(mid, mid, k, outSize, true);
        cost.conv(mid, branchOut, 1, outSize);
        if (stride === 2) {
          cost.conv(inp, inp, k, outSize, true);
          cost.conv(inp, inp, 1, outSize);
        }
      } else {
        cost.conv(inp, inp, 3, outSize, true);
        cost.conv(inp, mid, 1, outSize);
        cost.conv(mid, mid, 3, outSize, true);
        cost.conv(mid, mid, 1, outSize);
        cost.conv(mid, mid, 3, outSize, true);
        cost.conv(mid, branchOut, 1, outSize);
        if (stride === 2) {
          cost.conv(inp, inp, 3, outSize, true);
          cost.conv(inp, inp, 1, outSize);
        }
      }
      size = outSize;
      input = out;
    }
  });
  cost.conv(input, backbone.lastConvChannels, 1, size);
  // Classifier without bias (nn.Linear(..., bias=False) in both networks).
  cost.linear(backbone.lastConvChannels, backbone.classes, false);
  return { flops: cost.flops, params: cost.params };
}
