// Up-front memory bounds of the options that size a run: a count is refused at parse/validation time
// when what it plans cannot fit, with the estimate and the bound in the message, instead of a
// RangeError or an out-of-memory abort minutes later.
import { totalmem } from "node:os";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { KernelPool } from "../pool/kernelPool.js";
import { SCORE_TABLE_MAX_KEYS } from "../shrink/scoreTable.js";
import { EXTENSION_SLACK } from "../shrink/options.js";

/** wasm32 linear memory addresses at most 4 GiB; the kernels' tables and batches live there. */
export const WASM32_BYTES = 4 * 2 ** 30;

export interface MemoryBudget {
  bytes: number;
  /** Which bound it is, for messages. */
  reason: string;
}

/** The smaller of wasm32's 4 GiB and half of this machine's memory. */
export function memoryBudget(machineBytes = totalmem()): MemoryBudget {
  const half = Math.floor(machineBytes / 2);
  return half < WASM32_BYTES
    ? { bytes: half, reason: `half of this machine's ${gib(machineBytes)} of memory` }
    : { bytes: WASM32_BYTES, reason: "the 4 GiB a wasm32 memory addresses" };
}

export function gib(bytes: number): string {
  if (!Number.isFinite(bytes)) return "an unbounded amount";
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toPrecision(3)} GiB` : `${(bytes / 2 ** 20).toPrecision(3)} MiB`;
}

/**
 * Refuses a plan of `items` items at `bytesEach` bytes (plus `fixedBytes`) over the budget. `what`
 * says what the items are and which options set their number.
 */
export function checkPlannedMemory(option: string, what: string, items: number, bytesEach: number, fixedBytes = 0,
  budget: MemoryBudget = memoryBudget()): void {
  const bytes = items * bytesEach + fixedBytes;
  if (bytes <= budget.bytes) return;
  const most = Math.max(0, Math.floor((budget.bytes - fixedBytes) / bytesEach));
  throw new LissnasError("E_CAPACITY", `${what}: ${formatCount(items)} at ~${bytesEach} bytes each need ~${gib(bytes)}; ` +
    `this run holds at most ${gib(budget.bytes)} (${budget.reason}), about ${formatCount(most)}`, { field: option });
}

function formatCount(n: number): string {
  return n >= 1e15 ? n.toExponential(2) : Math.round(n).toLocaleString("en-US");
}

/** The options of a LISSNAS run that size it (undefined: the run's default). */
export interface ShrinkSizing {
  initial?: number;
  seeds?: number;
  maxSeeds?: number;
  perSeed?: number;
  maxIter?: number;
  workers?: number;
  /** --target-size, or what --reduction resolves to. */
  targetSize?: number;
}

/**
 * A LISSNAS run holds every architecture it may generate (initial + max-iter x seeds x per-seed) in its
 * score table (16-byte slots at load <= 3/4) and its space list (genome, key, score, pocket), plus
 * chunk buffers of max(65,536, per-seed) items per slot. `names` maps each sizing to its option name.
 */
export function checkShrinkSizing(space: SearchSpace, sizing: ShrinkSizing, names: Partial<Record<keyof ShrinkSizing, string>> = {},
  budget: MemoryBudget = memoryBudget()): void {
  const name = (key: keyof ShrinkSizing) => names[key] ?? `--${key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`;
  const initial = sizing.initial ?? 1000;
  const perSeed = sizing.perSeed ?? 200;
  const maxIter = sizing.maxIter ?? 10;
  const seeds = sizing.seeds === undefined ? 6 : sizing.seeds >= 1 ? sizing.seeds : sizing.maxSeeds ?? 100;
  const length = space.genomeLength;
  const slots = KernelPool.slotsFor(sizing.workers ?? 1);
  const perArchitecture = 24 + length + 8 + 4 + 8;
  checkPlannedMemory(name("initial"), `${name("initial")} ${initial}: the initial sample`, initial, perArchitecture, 0, budget);
  checkPlannedMemory(name("perSeed"), `${name("perSeed")} ${perSeed}: each chunk buffer slot (${slots} slot${slots === 1 ? "" : "s"}) holds a seed's walks`,
    slots * Math.max(65536, perSeed), length + 1 + 8, 0, budget);
  checkPlannedMemory(sizing.seeds === undefined || sizing.seeds >= 1 ? name("seeds") : name("maxSeeds"),
    `${sizing.seeds === undefined || sizing.seeds >= 1 ? name("seeds") : name("maxSeeds")} ${seeds}: the seeds of an iteration`, seeds, length + 4 + 64, 0, budget);
  // Distinct architectures are what the score table and the space hold: no more than the space has.
  const classes = Number(space.uniqueSize() ?? space.size());
  if (sizing.maxSeeds !== undefined) {
    // Bounded even when --seeds is a count and leaves it unused: an option is valid or not on its own.
    checkPlannedMemory(name("maxSeeds"), `${name("maxSeeds")} ${sizing.maxSeeds}: the seeds of an iteration`, sizing.maxSeeds, length + 4 + 64, 0, budget);
  }
  const planned = Math.min(initial + maxIter * seeds * perSeed, classes);
  checkPlannedMemory(`${name("initial")}, ${name("seeds")}, ${name("perSeed")}, ${name("maxIter")}`,
    `${name("initial")} + ${name("maxIter")} x ${name("seeds")} x ${name("perSeed")} = ${initial} + ${maxIter} x ${seeds} x ${perSeed}: the architectures the run may generate`,
    planned, perArchitecture, 0, budget);
  // The score table is sized once for the plan (capped at 12M keys, then grown by doubling).
  checkPlannedMemory(name("initial"), "the score table sized for the plan", Math.min(initial + maxIter * seeds * perSeed, 12_000_000), 22, 0, budget);
  if (sizing.targetSize !== undefined) checkTargetSize(name("targetSize"), Math.min(sizing.targetSize, classes), length, budget);
}

/**
 * A target-size run scores at least `target` architectures into one score table and holds the space in
 * one list of target + 10% members (genome, key, score), trimmed into a second list of `target`.
 */
function checkTargetSize(option: string, target: number, genomeLength: number, budget: MemoryBudget): void {
  if (target > SCORE_TABLE_MAX_KEYS) {
    throw new LissnasError("E_CAPACITY", `a space of ${formatCount(target)} members needs a score table of more than the ` +
      `${formatCount(SCORE_TABLE_MAX_KEYS)} keys one wasm32 memory holds`, { field: option });
  }
  const extended = Math.ceil(target * (1 + EXTENSION_SLACK));
  const listBytes = genomeLength + 8 + 4;
  checkPlannedMemory(option, `a space of ${formatCount(target)} members, held while it is extended and trimmed`,
    extended + target, listBytes, 0, budget);
  // One list's genomes are one typed array, which V8 caps at 2^32 bytes.
  const genomeBytes = extended * genomeLength;
  if (genomeBytes >= 2 ** 32) {
    throw new LissnasError("E_CAPACITY", `a space of ${formatCount(target)} members: its genomes would need ${gib(genomeBytes)} in one array, ` +
      "more than the 4 GiB a typed array holds", { field: option });
  }
}
