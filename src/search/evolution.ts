// Regularized (aging) evolution, Real et al. 2019 (Algorithm 1): a population of P architectures
// starts from random queries; each cycle draws S members uniformly (with replacement, as the paper's
// code does), mutates the best of them, queries the child, appends it and removes the OLDEST member
// (not the worst). Defaults P = 30, S = 10 are NASLib's regularized-evolution settings.
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { finished, queryRandomUnknown, type SearchAlgorithm, type TrialContext } from "./algorithm.js";

export interface EvolutionParams {
  population: number;
  sample: number;
}

export const DEFAULT_EVOLUTION: Readonly<EvolutionParams> = { population: 30, sample: 10 };

export interface PopulationMember {
  genome: Uint8Array;
  key: bigint;
  value: number;
  /** Cycle in which it joined (0 for the initial population). */
  born: number;
}

/** Cycles in a row that may only re-find known architectures before a random unknown one is queried. */
const STALE_CYCLES = 200;

export function checkEvolutionParams(params: EvolutionParams): EvolutionParams {
  if (!Number.isInteger(params.population) || params.population < 1) {
    throw new LissnasError("E_OPTION", `--population must be an integer >= 1; found ${params.population}`, { field: "population" });
  }
  if (!Number.isInteger(params.sample) || params.sample < 1 || params.sample > params.population) {
    throw new LissnasError("E_OPTION", `--sample must be an integer in 1..population (${params.population}); found ${params.sample}`, { field: "sample" });
  }
  return params;
}

export function regularizedEvolution(params: EvolutionParams = DEFAULT_EVOLUTION,
  observe?: (population: readonly PopulationMember[], cycle: number) => void): SearchAlgorithm {
  checkEvolutionParams(params);
  return {
    name: "evolution",
    async run(context: TrialContext): Promise<void> {
      const { domain, log, random } = context;
      const kernels: SpaceKernels = domain.kernels;
      // The initial population: P random distinct queries.
      const start = log.count;
      while (log.count - start < params.population && !finished(context)) {
        if (await queryRandomUnknown(context, params.population - (log.count - start)) === 0) break;
      }
      const population: PopulationMember[] = [];
      const initial = log.genomes.slice(start);
      const keys = initial.length > 0 ? kernels.keys(concatRows(initial, kernels.space.genomeLength)) : new BigUint64Array(0);
      initial.forEach((genome, i) => population.push({ genome, key: keys[i], value: log.values[start + i], born: 0 }));
      if (population.length === 0) return;
      observe?.(population, 0);
      let stale = 0;
      for (let cycle = 1; !finished(context); cycle++) {
        let parent = population[random.below(population.length)];
        for (let s = 1; s < params.sample; s++) {
          const candidate = population[random.below(population.length)];
          if (log.score(candidate.value) > log.score(parent.value)) parent = candidate;
        }
        const child = domain.mutate(parent.genome, random);
        const [key] = kernels.keys(child);
        const before = log.count;
        const [value] = await log.query(child, BigUint64Array.of(key));
        stale = log.count > before ? 0 : stale + 1;
        population.push({ genome: child, key, value, born: cycle });
        population.shift();
        observe?.(population, cycle);
        // A landscape region whose mutations only revisit known architectures (a tiny or exhausted
        // domain) would spin without spending budget: query a random unknown one instead.
        if (stale >= STALE_CYCLES) {
          if (await queryRandomUnknown(context, 1) === 0) return;
          stale = 0;
        }
      }
    },
  };
}

function concatRows(rows: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(rows.length * length);
  rows.forEach((row, i) => out.set(row, i * length));
  return out;
}
