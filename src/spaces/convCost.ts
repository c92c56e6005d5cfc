// Running FLOPs and parameter count of a network built from convolutions (each followed by BatchNorm) and a
// linear classifier: the one counting rule behind the analytic cost models of the spos, fairnas, mnas and
// nb-macro spaces. FLOPs are multiply-adds (plus, where a benchmark counts them, a fixed number of
// element-wise operations per conv output); parameters are weights, BatchNorm scale and shift, and biases.
// Every figure is an integer below 2^53, so the sums are exact whatever the order of the additions.

export class ConvCost {
  flops = 0;
  params = 0;

  /**
   * @param elementwisePerOutput FLOPs added per output element of each conv for the work after it
   *   (normalisation, activation) when a benchmark's counter includes it; 0 counts multiply-adds only.
   */
  constructor(private readonly elementwisePerOutput = 0) {}

  /**
   * A k x k convolution with `size` x `size` outputs, then BatchNorm. Depthwise: one input channel per
   * output channel (cin = cout).
   */
  conv(cin: number, cout: number, k: number, size: number, depthwise = false): void {
    const weights = (depthwise ? 1 : cin) * cout * k * k;
    this.flops += weights * size * size + this.elementwisePerOutput * cout * size * size;
    this.params += weights + 2 * cout;
  }

  /** The classifier: a fully connected layer, with or without bias. */
  linear(inFeatures: number, outFeatures: number, bias: boolean): void {
    this.flops += inFeatures * outFeatures;
    this.params += inFeatures * outFeatures + (bias ? outFeatures : 0);
  }
}
