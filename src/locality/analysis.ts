// Locality analysis of a search space (the premise of LISSNAS): random-walk autocorrelation (RWA) of
// accuracy and mean accuracy difference vs edit distance (AAD), measured on a truth table or a predictor.
//
// One estimator serves complete and sampled tables. Walks and neighbour draws move through the whole
// space exactly as the shrinker's walks do; an architecture's accuracy is known when the source has it.
// A complete table (or a predictor) knows every value, and the statistics are the plain ones. A sampled
// table — a uniform random sample of the space's isomorphism classes, coverage p — knows each visited
// class independently of its accuracy with probability p, so the known pairs are a thinning of all pairs:
//  - AAD: origins are table members (uniform classes), neighbours are kept when in the table; every
//    (origin, neighbour) pair at distance >= 1 joins two distinct classes and is kept with probability p.
//  - RWA: a pair of walk steps is kept when both are known. Two steps in the same class are known
//    together with probability p, not p², so such pairs are kept with a further coin of probability p;
//    the start of a walk is a table member by construction, so it counts as known only with a coin of
//    probability p. Every pair is then kept with probability p², and the kept pairs estimate the same
//    correlation as the full walks (at ~p² of the pairs: sampled tables need longer walks).
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { randomWalkAutocorrelation, accuracyDifferenceByDistance, type LagCorrelation, type DistanceDifference } from "../stats/locality.js";
import { pearsonOf } from "../stats/correlation.js";
import { mix64, streamState } from "../wasm/reference.js";
import type { AccuracySource } from "./source.js";

/** The RWA level below which accuracies count as unrelated (the paper's locality threshold). */
export const RWA_THRESHOLD = 0.3;
/** Default largest lag/distance: the whole space up to 10 moves (NB201: 6, NB101: 10 of 23). */
export const DEFAULT_MAX_DISTANCE_CAP = 10;
export const DEFAULT_WALKS = 1000;

// RNG streams of one analysis (XORed with the seed by the kernels): walk starts, walk steps, AAD
// origins, AAD neighbours and the thinning coins never share draws.
const WALK_ORIGIN_STREAM = 0x4c4f4301n;
const WALK_STEP_STREAM = 0x4c4f4400000000n;
const AAD_ORIGIN_STREAM = 0x4c4f4302n;
const AAD_NEIGHBOUR_STREAM = 0x4c4f4303n;
const COIN_STREAM = 0x4c4f4304n;

export interface LocalityOptions {
  /** Number of random walks, and of AAD origins (default 1000, or ceil(1000 / √p) for coverage p < 1). */
  walks?: number;
  /** Largest lag k and edit distance d, 1..maxEditDistance (default min(maxEditDistance, 10)). */
  maxDistance?: number;
  /** Moves per walk, >= maxDistance (default maxDistance, or ceil(maxDistance / p) for coverage p < 1). */
  walkSteps?: number;
  /** Walk neighbours drawn per AAD origin (default 20·maxDistance). */
  neighbours?: number;
  seed?: bigint;
  /** Called as the work advances: a phase, steps done and steps in all (walk steps, then the AAD scoring). */
  progress?: (text: string, done: number, total: number) => void;
}

export interface LocalityReport {
  space: string;
  source: { kind: AccuracySource["kind"]; description: string; coverage: number };
  /** How the numbers were estimated, in words (complete data or thinned pairs of a sampled table). */
  estimator: string;
  seed: string;
  walks: number;
  walkSteps: number;
  maxDistance: number;
  neighboursPerOrigin: number;
  /** RWA at lags 1..maxDistance (pairs: known (t, t+k) pairs pooled over all walks). */
  autocorrelation: LagCorrelation[];
  /** Walk steps whose accuracy was known (all of them for complete sources). */
  knownSteps: number;
  /** AAD at distances 1..maxDistance with 95% confidence intervals. */
  accuracyDifference: DistanceDifference[];
  /** Neighbour draws, those with a known accuracy, and known ones outside 1..maxDistance (left out). */
  neighbourDraws: number;
  knownNeighbours: number;
  neighboursOutside: number;
  /** The first lag at which RWA < 0.3 (null when it stays above up to maxDistance), beside the radius rule. */
  rwaBelowThreshold: { threshold: number; lag: number | null };
  radiusRule: { maxEditDistance: number; third: number; radius: number };
}

function checkInteger(value: number, field: string, min: number, max: number, why = ""): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}..${max}`;
    throw new LissnasError("E_OPTION", `expected ${range}${why}; found ${value}`, { field });
  }
  return value;
}

/** Uniform [0, 1) draw keyed by its position: deterministic for a seed, whatever the order of evaluation. */
function coin(seed: bigint, a: number, b: number, c: number): number {
  const bits = mix64(streamState(seed ^ COIN_STREAM, BigInt(a), BigInt(b) * 0x10000n + BigInt(c)));
  return Number(bits >> 11n) / 2 ** 53;
}

/** Measures RWA and AAD of `source` over the space of `kernels`. */
export async function analyseLocality(kernels: SpaceKernels, source: AccuracySource, options: LocalityOptions = {}): Promise<LocalityReport> {
  const space = kernels.space;
  const length = space.genomeLength;
  const maxEdit = space.maxEditDistance;
  const maxDistance = checkInteger(options.maxDistance ?? Math.min(maxEdit, DEFAULT_MAX_DISTANCE_CAP), "max-distance", 1, maxEdit,
    ` (the largest edit distance of ${space.id} is ${maxEdit})`);
  const p = source.coverage;
  const complete = p >= 1;
  // Sampled tables know ~p² of the walk pairs: more and longer walks keep the pairs per lag in the thousands.
  const walks = checkInteger(options.walks ?? Math.ceil(DEFAULT_WALKS / Math.sqrt(Math.min(1, p))), "walks", 1, Number.MAX_SAFE_INTEGER);
  const walkSteps = checkInteger(options.walkSteps ?? (complete ? maxDistance : Math.ceil(maxDistance / p)), "walk-length", maxDistance,
    Number.MAX_SAFE_INTEGER, " (a walk must reach the largest lag)");
  const neighbours = checkInteger(options.neighbours ?? 20 * maxDistance, "neighbours", 1,
    Number.MAX_SAFE_INTEGER);
  const seed = options.seed ?? 1n;

  // Random walks: all walks advance together, one kernel call per step (one random valid move each).
  const points = walkSteps + 1;
  const values = new Float64Array(walks * points);
  const keys = new BigUint64Array(walks * points);
  let heads = source.origins(walks, seed, WALK_ORIGIN_STREAM);
  const steps = points + 2;
  for (let t = 0; ; t++) {
    options.progress?.(`random walks: step ${t} of ${walkSteps}`, t, steps);
    const headValues = await source.values(heads);
    const headKeys = kernels.keys(heads);
    for (let w = 0; w < walks; w++) {
      values[w * points + t] = headValues[w];
      keys[w * points + t] = headKeys[w];
    }
    if (t === walkSteps) break;
    heads = kernels.walkNeighbours(heads, 1, 1, seed, { stream: WALK_STEP_STREAM + BigInt(t) }).genomes;
  }
  let autocorrelation: LagCorrelation[];
  let knownSteps = 0;
  if (complete) {
    const walkValues = Array.from({ length: walks }, (_, w) => values.subarray(w * points, (w + 1) * points));
    autocorrelation = randomWalkAutocorrelation(walkValues, maxDistance);
    knownSteps = walks * points;
  } else {
    const known = new Uint8Array(walks * points);
    for (let w = 0; w < walks; w++) {
      for (let t = 0; t < points; t++) {
        const i = w * points + t;
        known[i] = Number.isNaN(values[i]) ? 0 : t === 0 ? (coin(seed, w, 0, 0) < p ? 1 : 0) : 1;
        knownSteps += known[i];
      }
    }
    autocorrelation = [];
    for (let lag = 1; lag <= maxDistance; lag++) {
      const earlier: number[] = [];
      const later: number[] = [];
      for (let w = 0; w < walks; w++) {
        for (let t = 0; t + lag < points; t++) {
          const i = w * points + t;
          if (known[i] === 0 || known[i + lag] === 0) continue;
          if (keys[i] === keys[i + lag] && coin(seed, w, t + 1, lag) >= p) continue;
          earlier.push(values[i]);
          later.push(values[i + lag]);
        }
      }
      autocorrelation.push({ lag, correlation: pearsonOf(earlier, later), pairs: earlier.length });
    }
  }

  // AAD: generated neighbours of random origins, as the shrinker generates them (walks of 1..D moves).
  const origins = source.origins(walks, seed, AAD_ORIGIN_STREAM);
  const originValues = await source.values(origins);
  const drawn = kernels.walkNeighbours(origins, maxDistance, neighbours, seed, { stream: AAD_NEIGHBOUR_STREAM });
  options.progress?.(`accuracy difference: scoring ${drawn.genomes.length / length} neighbours`, points + 1, steps);
  const neighbourValues = await source.values(drawn.genomes);
  const distance: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < neighbourValues.length; i++) {
    if (Number.isNaN(neighbourValues[i])) continue;
    distance.push(drawn.distances[i]);
    a.push(originValues[Math.floor(i / neighbours)]);
    b.push(neighbourValues[i]);
  }
  const { rows, outside } = accuracyDifferenceByDistance({ distance, a, b }, maxDistance);

  const below = autocorrelation.find((row) => row.correlation < RWA_THRESHOLD);
  const percent = (p * 100).toPrecision(3);
  return {
    space: space.id,
    source: { kind: source.kind, description: source.description, coverage: p },
    estimator: complete
      ? `${source.kind === "predictor" ? "predicted" : "true"} accuracy of every architecture visited (complete ${source.kind === "predictor" ? "predictor" : "table"})`
      : `sampled table (${percent}% of classes, assumed a uniform sample): walks and neighbours through the whole space, ` +
        "accuracy known where they meet a table member; pairs thinned to a common inclusion probability p², an unbiased thinning of all pairs",
    seed: seed.toString(),
    walks,
    walkSteps,
    maxDistance,
    neighboursPerOrigin: neighbours,
    autocorrelation,
    knownSteps,
    accuracyDifference: rows,
    neighbourDraws: drawn.distances.length,
    knownNeighbours: distance.length,
    neighboursOutside: outside,
    rwaBelowThreshold: { threshold: RWA_THRESHOLD, lag: below === undefined ? null : below.lag },
    radiusRule: { maxEditDistance: maxEdit, third: maxEdit / 3, radius: Math.round(maxEdit / 3) },
  };
}

/** The report as a text table (what `lissnas locality` prints without --json). */
export function formatLocality(report: LocalityReport): string {
  const f = (x: number, digits: number) => (Number.isNaN(x) ? "-" : x.toFixed(digits));
  const table = (header: string[], rows: string[][]) => {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    return [header, ...rows].map((row) => "  " + row.map((cell, c) => cell.padStart(widths[c])).join("  ")).join("\n");
  };
  const lines = [
    `${report.space}: locality of ${report.source.description}`,
    `estimator: ${report.estimator}`,
    `seed ${report.seed}`,
    "",
    `random-walk autocorrelation: ${report.walks} walks x ${report.walkSteps} moves, ${report.knownSteps} steps with a known accuracy`,
    table(["k", "RWA", "pairs"], report.autocorrelation.map((r) => [String(r.lag), f(r.correlation, 4), String(r.pairs)])),
    "",
    `accuracy difference vs edit distance: ${report.walks} origins x ${report.neighboursPerOrigin} walk neighbours ` +
      `(${report.knownNeighbours} of ${report.neighbourDraws} with a known accuracy, ${report.neighboursOutside} outside 1..${report.maxDistance})`,
    table(["d", "AAD", "95% CI", "count"], report.accuracyDifference.map((r) =>
      [String(r.distance), f(r.mean, 4), `[${f(r.low, 4)}, ${f(r.high, 4)}]`, String(r.count)])),
    "",
    `RWA falls below ${report.rwaBelowThreshold.threshold} at k = ${report.rwaBelowThreshold.lag ?? `none up to ${report.maxDistance}`}; ` +
      `radius rule maxEditDistance/3 = ${report.radiusRule.maxEditDistance}/3 = ${report.radiusRule.third.toFixed(2)} (radius ${report.radiusRule.radius})`,
  ];
  return lines.join("\n") + "\n";
}
