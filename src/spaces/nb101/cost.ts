// Analytic parameters and FLOPs of a NAS-Bench-101 network, built the way NAS-Bench-101's model builder
// builds it (CIFAR-10, 32x32, 10 classes), so the parameter count equals the benchmark's `trainable
// parameters` exactly:
// - stem conv3x3 3->128 + BN; 3 stacks of 3 modules; before stacks 2 and 3 a 2x2 max-pool halves the
//   resolution and the channels double (128, 256, 512); global pooling, dense 512->10 with bias.
// - in a module, vertex channels follow compute_vertex_channels: the output's channels split evenly
//   over the vertices feeding it (the remainder to the first ones), other vertices take the largest of
//   their successors. An input edge into a vertex is a 1x1 projection conv + BN; other edges truncate
//   (no weights). conv3x3 / conv1x1 vertices: conv + BN; max-pool: none. An input->output edge adds a
//   projection to the output's channels.
// - params: conv weights (no biases), 2 per BN channel (scale, shift), dense weights and biases.
// - FLOPs: multiply-accumulates of the convolutions and of the dense layer.
import { genomeToSpec, pruneSpec } from "./spec.js";

const STEM = 128;
const STACKS = 3;
const MODULES = 3;
const INPUT = 32;
const CLASSES = 10;

interface Counter {
  params: number;
  flops: number;
}

function conv(counter: Counter, kernel: number, inChannels: number, outChannels: number, size: number): void {
  counter.params += kernel * kernel * inChannels * outChannels + 2 * outChannels;
  counter.flops += kernel * kernel * inChannels * outChannels * size * size;
}

/** NAS-Bench-101's compute_vertex_channels. */
function vertexChannels(inChannels: number, outChannels: number, matrix: number[][]): number[] {
  const n = matrix.length;
  const channels = new Array<number>(n).fill(0);
  channels[0] = inChannels;
  channels[n - 1] = outChannels;
  if (n === 2) return channels;
  let feeding = 0;
  for (let v = 1; v < n; v++) feeding += matrix[v][n - 1];
  const interior = Math.floor(outChannels / feeding);
  let correction = outChannels % feeding;
  for (let v = 1; v < n - 1; v++) {
    if (!matrix[v][n - 1]) continue;
    channels[v] = interior;
    if (correction > 0) {
      channels[v]++;
      correction--;
    }
  }
  for (let v = n - 3; v > 0; v--) {
    if (matrix[v][n - 1]) continue;
    for (let w = v + 1; w < n - 1; w++) if (matrix[v][w]) channels[v] = Math.max(channels[v], channels[w]);
  }
  return channels;
}

function moduleCost(counter: Counter, matrix: number[][], ops: string[], inChannels: number, outChannels: number, size: number): void {
  const n = matrix.length;
  const channels = vertexChannels(inChannels, outChannels, matrix);
  for (let t = 1; t < n - 1; t++) {
    if (matrix[0][t]) conv(counter, 1, inChannels, channels[t], size);
    if (ops[t] === "conv3x3-bn-relu") conv(counter, 3, channels[t], channels[t], size);
    else if (ops[t] === "conv1x1-bn-relu") conv(counter, 1, channels[t], channels[t], size);
  }
  if (matrix[0][n - 1]) conv(counter, 1, inChannels, outChannels, size);
}

/** Parameters and FLOPs of the network whose cell is `genome` (a member of nb101). */
export function nb101Cost(genome: Uint8Array): { flops: number; params: number } {
  const spec = pruneSpec(genomeToSpec(genome));
  if (spec === null) return { flops: NaN, params: NaN };
  const counter: Counter = { params: 0, flops: 0 };
  let size = INPUT;
  conv(counter, 3, 3, STEM, size);
  let channels = STEM;
  for (let stack = 0; stack < STACKS; stack++) {
    const outChannels = stack === 0 ? STEM : channels * 2;
    if (stack > 0) size /= 2;
    for (let m = 0; m < MODULES; m++) {
      moduleCost(counter, spec.matrix, spec.ops, channels, outChannels, size);
      channels = outChannels;
    }
  }
  counter.params += channels * CLASSES + CLASSES;
  counter.flops += channels * CLASSES;
  return counter;
}
