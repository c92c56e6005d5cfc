// A histogram-based gradient-boosted tree regressor (squared error), in the manner of XGBoost's `hist`
// method: features are binned once, each node's split is found from per-bin gradient sums. No npm
// package offers a maintained GBDT trainer with ONNX export, hence this one (see the issue note).
// Thresholds are float32 values (the features are float32) and leaves doubles, exactly as the ONNX
// export holds them, so in-process predictions match onnxruntime's.
import { LissnasError } from "../errors.js";

export interface TrainerParams {
  /** Maximum number of boosting rounds (trees). */
  rounds: number;
  learningRate: number;
  maxDepth: number;
  /** Minimum sum of hessians (= rows, for squared error) in each child of a split. */
  minChildWeight: number;
  /** Fraction of training rows drawn (without replacement) for each tree. */
  subsample: number;
  /** Fraction of feature columns drawn for each tree. */
  colsample: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Minimum loss reduction to make a split. */
  gamma: number;
  /** Stop after this many rounds without improvement of the held-out RMSE (0: never). */
  earlyStoppingRounds: number;
  /** Fraction of rows held out for early stopping (0: none; every round is kept). */
  validationFraction: number;
  /**
   * After early stopping picked the number of rounds, train again on all rows (held-out ones too)
   * for that many rounds: the held-out rows then inform the model instead of only stopping it.
   */
  refit: boolean;
  /** Seeds the held-out split and the row/column subsampling. */
  seed: number;
  /** Largest number of bins per feature (distinct values beyond it are merged by quantile). */
  maxBins: number;
}

// Defaults chosen on NB201 (1,000 training cells, Kendall tau vs test accuracy over the 15,625): see README.
export const DEFAULT_TRAINER_PARAMS: Readonly<TrainerParams> = {
  rounds: 2000,
  learningRate: 0.03,
  maxDepth: 6,
  minChildWeight: 1,
  subsample: 0.8,
  colsample: 0.8,
  lambda: 1,
  gamma: 0,
  earlyStoppingRounds: 50,
  validationFraction: 0.2,
  refit: true,
  seed: 0,
  maxBins: 256,
};

/** One tree as parallel arrays over nodes; node 0 is the root; feature < 0 marks a leaf. */
export interface Tree {
  feature: Int32Array;
  /** Go left when x[feature] <= threshold (float32). */
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (learning rate applied). */
  value: Float64Array;
}

export interface TreeEnsemble {
  baseScore: number;
  trees: Tree[];
}

export interface TrainingResult {
  ensemble: TreeEnsemble;
  /** Rounds kept (the best held-out round when early stopping). */
  rounds: number;
  trainRows: number;
  validationRows: number;
  /** Per kept round: RMSE on the training rows and on the held-out rows (NaN without them). */
  history: Array<{ train: number; validation: number }>;
}

/** A small seeded generator (splitmix32) for the subsampling draws. */
class SplitMix32 {
  private state: number;
  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  shuffle(values: Int32Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}

export function validateTrainerParams(params: TrainerParams): void {
  const checks: Array<[keyof TrainerParams, boolean, string]> = [
    ["rounds", Number.isInteger(params.rounds) && params.rounds >= 1, "an integer >= 1"],
    ["learningRate", params.learningRate > 0 && params.learningRate <= 1, "in (0, 1]"],
    ["maxDepth", Number.isInteger(params.maxDepth) && params.maxDepth >= 1 && params.maxDepth <= 20, "an integer in 1..20"],
    ["minChildWeight", params.minChildWeight >= 0, ">= 0"],
    ["subsample", params.subsample > 0 && params.subsample <= 1, "in (0, 1]"],
    ["colsample", params.colsample > 0 && params.colsample <= 1, "in (0, 1]"],
    ["lambda", params.lambda >= 0, ">= 0"],
    ["gamma", params.gamma >= 0, ">= 0"],
    ["earlyStoppingRounds", Number.isInteger(params.earlyStoppingRounds) && params.earlyStoppingRounds >= 0, "an integer >= 0"],
    ["validationFraction", params.validationFraction >= 0 && params.validationFraction < 1, "in [0, 1)"],
    ["maxBins", Number.isInteger(params.maxBins) && params.maxBins >= 2 && params.maxBins <= 256, "an integer in 2..256"],
  ];
  for (const [name, ok, expected] of checks) {
    if (!ok) throw new LissnasError("E_OPTION", `trainer parameter ${name} must be ${expected}; found ${params[name]}`);
  }
}

/** Bins of one feature: bin b holds values <= upper[b] (and above upper[b-1]). */
function binFeature(x: Float32Array, width: number, column: number, rows: Int32Array, maxBins: number): Float32Array {
  const values = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = x[rows[i] * width + column];
  values.sort();
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) distinct.push(values[i]);
  if (distinct.length <= maxBins) return Float32Array.from(distinct);
  // Quantile bins: the upper edge of bin b is the value at rank (b+1)/maxBins, deduplicated.
  const upper: number[] = [];
  for (let b = 1; b <= maxBins; b++) {
    const v = values[Math.min(values.length - 1, Math.ceil((b * values.length) / maxBins) - 1)];
    if (upper.length === 0 || v > upper[upper.length - 1]) upper.push(v);
  }
  return Float32Array.from(upper);
}

function binOf(upper: Float32Array, v: number): number {
  let lo = 0, hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= upper[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Prediction of one row by one tree. */
function leafValue(tree: Tree, x: Float32Array, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

/** Predictions for `x` (count x width): leaves summed in double, plus the base, rounded to float32 once. */
export function predictEnsemble(ensemble: TreeEnsemble, x: Float32Array, width: number): Float32Array {
  const count = width === 0 ? 0 : x.length / width;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (const tree of ensemble.trees) sum += leafValue(tree, x, i * width);
    out[i] = sum + ensemble.baseScore;
  }
  return out;
}

interface GrowingTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/**
 * Fits the ensemble to rows `x` (count x width, float32) and targets `y`. Deterministic for a given
 * seed. Throws LissnasError for non-finite targets or features.
 */
/** Called after each boosting round: the pass (1, or 2 for the refit), rounds done and the pass's maximum. */
export type TrainingProgress = (pass: number, round: number, rounds: number) => void;

export function trainGbdt(x: Float32Array, width: number, y: ArrayLike<number>, params: TrainerParams, progress?: TrainingProgress): TrainingResult {
  validateTrainerParams(params);
  const result = boost(x, width, y, params, (round) => progress?.(1, round, params.rounds));
  if (!params.refit || result.validationRows === 0) return result;
  const again = boost(x, width, y, { ...params, rounds: result.rounds, validationFraction: 0 }, (round) => progress?.(2, round, result.rounds));
  // Report the held-out curve of the first pass: the refit has no held-out rows left.
  return { ...again, validationRows: result.validationRows, history: result.history.map((h, i) => ({ train: again.history[i].train, validation: h.validation })) };
}

function boost(x: Float32Array, width: number, y: ArrayLike<number>, params: TrainerParams, onRound?: (round: number) => void): TrainingResult {
  const count = y.length;
  if (count === 0 || x.length !== count * width) {
    throw new LissnasError("E_DATA", `training needs rows of ${width} features for each of ${count} targets; found ${x.length} values`);
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(y[i])) throw new LissnasError("E_DATA", `training target ${i} is ${y[i]}; expected a finite number`);
  }
  const rng = new SplitMix32(params.seed);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  let validationCount = Math.floor(count * params.validationFraction);
  if (count - validationCount < 2) validationCount = 0;
  if (validationCount > 0) rng.shuffle(order);
  const validation = order.slice(0, validationCount).sort();
  const train = order.slice(validationCount).sort();

  // Bin edges from the training rows; every row (held-out too) gets bin indices.
  const edges: Float32Array[] = [];
  for (let f = 0; f < width; f++) edges.push(binFeature(x, width, f, train, params.maxBins));
  const binOffset = new Int32Array(width + 1);
  for (let f = 0; f < width; f++) binOffset[f + 1] = binOffset[f] + edges[f].length;
  const bins = new Uint8Array(count * width);
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < width; f++) bins[i * width + f] = binOf(edges[f], x[i * width + f]);
  }

  let baseSum = 0;
  for (const i of train) baseSum += y[i];
  // float32: the ONNX export stores the base value as a float.
  const baseScore = Math.fround(baseSum / train.length);
  const prediction = new Float64Array(count).fill(baseScore);
  const gradient = new Float64Array(count);
  const gradHist = new Float64Array(binOffset[width]);
  const hessHist = new Float64Array(binOffset[width]);

  const trees: Tree[] = [];
  const history: Array<{ train: number; validation: number }> = [];
  let best = Infinity, bestRound = 0;
  const sampleSize = Math.max(1, Math.round(train.length * params.subsample));
  const columnCount = Math.max(1, Math.round(width * params.colsample));
  const columns = Int32Array.from({ length: width }, (_, f) => f);
  const rows = new Int32Array(sampleSize);

  for (let round = 0; round < params.rounds; round++) {
    for (const i of train) gradient[i] = prediction[i] - y[i];
    // Row and column subsampling: partial Fisher-Yates draws without replacement.
    const pool = train.slice();
    for (let k = 0; k < sampleSize; k++) {
      const j = k + rng.below(pool.length - k);
      const t = pool[k];
      pool[k] = pool[j];
      pool[j] = t;
      rows[k] = pool[k];
    }
    for (let k = 0; k < columnCount; k++) {
      const j = k + rng.below(width - k);
      const t = columns[k];
      columns[k] = columns[j];
      columns[j] = t;
    }
    const used = columns.slice(0, columnCount).sort();
    const tree = growTree(rows, used, bins, width, edges, binOffset, gradient, gradHist, hessHist, params);
    trees.push(tree);
    for (let i = 0; i < count; i++) prediction[i] += leafValue(tree, x, i * width);

    const trainRmse = rmse(prediction, y, train);
    const validationRmse = validationCount > 0 ? rmse(prediction, y, validation) : NaN;
    history.push({ train: trainRmse, validation: validationRmse });
    onRound?.(round + 1);
    if (validationCount > 0 && params.earlyStoppingRounds > 0) {
      if (validationRmse < best) {
        best = validationRmse;
        bestRound = round + 1;
      } else if (round + 1 - bestRound >= params.earlyStoppingRounds) {
        break;
      }
    } else {
      bestRound = round + 1;
    }
  }
  return {
    ensemble: { baseScore, trees: trees.slice(0, bestRound) },
    rounds: bestRound,
    trainRows: train.length,
    validationRows: validationCount,
    history: history.slice(0, bestRound),
  };
}

function rmse(prediction: Float64Array, y: ArrayLike<number>, rows: Int32Array): number {
  let sum = 0;
  for (const i of rows) sum += (prediction[i] - y[i]) ** 2;
  return Math.sqrt(sum / rows.length);
}

/** Grows one tree depth-first over `rows` (reordered in place), splitting on `columns` only. */
function growTree(rows: Int32Array, columns: Int32Array, bins: Uint8Array, width: number, edges: Float32Array[],
  binOffset: Int32Array, gradient: Float64Array, gradHist: Float64Array, hessHist: Float64Array, params: TrainerParams): Tree {
  const tree: GrowingTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const lambda = params.lambda;
  const grow = (start: number, end: number, depth: number): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(0);
    tree.right.push(0);
    tree.value.push(0);
    let g = 0;
    for (let k = start; k < end; k++) g += gradient[rows[k]];
    const h = end - start;
    const makeLeaf = () => {
      tree.value[id] = (-g / (h + lambda)) * params.learningRate;
      return id;
    };
    if (depth >= params.maxDepth || h < 2 * params.minChildWeight || h < 2) return makeLeaf();

    for (const f of columns) {
      gradHist.fill(0, binOffset[f], binOffset[f + 1]);
      hessHist.fill(0, binOffset[f], binOffset[f + 1]);
    }
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const gr = gradient[row];
      const base = row * width;
      for (const f of columns) {
        const slot = binOffset[f] + bins[base + f];
        gradHist[slot] += gr;
        hessHist[slot] += 1;
      }
    }
    const parentScore = (g * g) / (h + lambda);
    let bestGain = params.gamma > 0 ? params.gamma : 1e-12, bestFeature = -1, bestBin = -1;
    for (const f of columns) {
      let gl = 0, hl = 0;
      for (let b = binOffset[f]; b < binOffset[f + 1] - 1; b++) {
        gl += gradHist[b];
        hl += hessHist[b];
        const hr = h - hl;
        if (hl < params.minChildWeight || hr < params.minChildWeight || hl === 0 || hr === 0) continue;
        const gr = g - gl;
        const gain = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b - binOffset[f];
        }
      }
    }
    if (bestFeature < 0) return makeLeaf();

    // Partition rows[start, end): bin <= bestBin to the left.
    let mid = start;
    for (let k = start; k < end; k++) {
      if (bins[rows[k] * width + bestFeature] <= bestBin) {
        const t = rows[mid];
        rows[mid] = rows[k];
        rows[k] = t;
        mid++;
      }
    }
    tree.feature[id] = bestFeature;
    tree.threshold[id] = edges[bestFeature][bestBin];
    const left = grow(start, mid, depth + 1);
    const right = grow(mid, end, depth + 1);
    tree.left[id] = left;
    tree.right[id] = right;
    return id;
  };
  grow(0, rows.length, 0);
  return {
    feature: Int32Array.from(tree.feature),
    threshold: Float32Array.from(tree.threshold),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    value: Float64Array.from(tree.value),
  };
}
