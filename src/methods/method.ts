// The one contract every shrink method implements: given a space, a predictor, a predictor budget and a
// target size, return a space (or the reason it cannot). `evaluate` runs every registered method through
// it; a method is one file of this folder plus one line in registry.ts.
import type { SearchSpace } from "../spaces/space.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import type { ScoringModel, ShrinkResult } from "../shrink/lissnas.js";
import type { ShrinkOptions } from "../shrink/options.js";

/**
 * Candidate classes a caller measures on (a truth table's classes): canonical genomes and 64-bit keys.
 * A produced space names the universe members it holds, so figures can be read off the table.
 */
export interface Universe {
  /** Canonical genomes, concatenated (genomeLength bytes each). */
  readonly genomes: Uint8Array;
  readonly keys: BigUint64Array;
  /** key -> index into genomes/keys. */
  readonly index: ReadonlyMap<bigint, number>;
  /** Fraction of the space's classes the universe holds (1 for a complete table). */
  readonly share: number;
}

export interface MethodContext {
  readonly space: SearchSpace;
  readonly kernels: SpaceKernels;
  /** Scores genomes; higher is better (a wrapper elsewhere turns a metric to minimise around). */
  readonly model: ScoringModel;
  /** Master seed of the run: every RNG stream of a method derives from it. */
  readonly seed: bigint;
  /** Distinct architectures the method may score: what the lissnas run explored. */
  readonly budget: number;
  /** Size (classes) the method aims at: the lissnas run's size. */
  readonly targetSize: number;
  readonly universe?: Universe;
  /** Options of the lissnas loop (the lissnas method only). */
  readonly shrink?: Partial<ShrinkOptions>;
}

export interface ProducedSpace {
  /** Canonical genomes of the members the method materialised (all of them, or a subset when `estimated`). */
  genomes: Uint8Array;
  keys: BigUint64Array;
  /** Universe indices of the members inside the space (null without a universe). */
  classes: number[] | null;
  /** Size of the space in isomorphism classes. */
  size: number;
  /** True when `size` is estimated (from a sample or the universe's share) rather than counted. */
  estimated: boolean;
  /** Distinct architectures the method scored. */
  scored: number;
  /** Why the method could not produce a comparable space (or any), else null. */
  reason: string | null;
  /** The lissnas loop's own result (the lissnas method only): trace, pockets, options. */
  shrink?: ShrinkResult;
}

export interface ShrinkMethod {
  /** The name users type (`--methods`): lowercase, digits and dashes. */
  readonly name: string;
  readonly description: string;
  /**
   * False for methods whose size is not chosen to match the target (lissnas defines the target; full is
   * the whole space); true ones are held to the comparable-size rule.
   */
  readonly sizedToTarget: boolean;
  run(context: MethodContext): Promise<ProducedSpace>;
}
