// The search-space plugin interface. A space maps each architecture to a fixed-length genome of
// small integers; the WASM kernels (assembly/spaces/<id>.ts) see only genomes and the space's wasmId.
import type { InputLocation } from "../errors.js";
import type { ReferenceRng } from "../wasm/reference.js";
import type { WasmCore } from "../wasm/core.js";

/** An architecture as users exchange it: a canonical string, or for NB101 a {matrix, ops} object. */
export type ArchValue = string | { matrix: number[][]; ops: string[] };

/** Plain TypeScript reference of the per-genome kernels, one genome at a time (tests and benches). */
export interface SpaceReference {
  /** One valid raw genome drawn with `rng` exactly as the kernel draws it. */
  sample(rng: ReferenceRng): Uint8Array;
  /** Canonical form in place; false when the genome is not a member of the space. */
  canonicalize(genome: Uint8Array): boolean;
  editDistance(a: Uint8Array, b: Uint8Array): number;
  /** Number of move indices applyMove accepts. */
  readonly moveCount: number;
  /** The genome after move k, or null when move k is not allowed from it. */
  applyMove(genome: Uint8Array, k: number): Uint8Array | null;
}

export interface SearchSpace {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** Space id understood by the WASM core (assembly/spaces/dispatch.ts). */
  readonly wasmId: number;
  readonly genomeLength: number;
  /** Number of values each gene takes (gene i is in 0..cardinalities[i]-1). */
  readonly cardinalities: readonly number[];
  /** Largest edit distance between two members (exact where stated in `maxEditDistanceNote`). */
  readonly maxEditDistance: number;
  readonly maxEditDistanceNote?: string;
  /**
   * Genes that choose an operation from the shared op vocabulary (the rest are topology); what
   * operation-pruning baselines (ABS, PADNAS) prune.
   */
  readonly operationGenes?: readonly number[];
  /**
   * Analytic cost of one (canonical) genome where the space defines it: FLOPs and parameters in the
   * units its benchmark reports (named by costUnits).
   */
  cost?(genome: Uint8Array): { flops: number; params: number };
  readonly costUnits?: { flops: string; params: string };
  /** Number of architectures as encoded (raw). */
  size(): bigint;
  /** Number of isomorphism classes, where known. */
  uniqueSize(): bigint | undefined;
  /**
   * Parses an architecture (string or object as in the benchmark tables) into a raw genome.
   * Throws LissnasError naming the offending token and the expected values.
   */
  parse(value: unknown, location?: InputLocation): Uint8Array;
  /** The canonical text form of a genome (the inverse of parse for any parsed genome). */
  format(genome: Uint8Array): ArchValue;
  /**
   * Row pipelines' fast path for an object arch written in JSON (NB101's {matrix, ops}): the raw genome of
   * the object whose text starts at `start`, and the index after it, exactly as JSON.parse and parse
   * would give it; undefined for any text it does not take, which then goes that way (and its errors).
   */
  readArchJson?(text: string, start: number): { genome: Uint8Array; end: number } | undefined;
  /** JSON.stringify(format(genome)), for spaces that write it faster themselves. */
  formatJson?(genome: Uint8Array): string;
  readonly reference: SpaceReference;
  /** Installs what the space's kernels need in a fresh core (e.g. lookup tables); once per core. */
  prepareCore?(core: WasmCore): void;
  /**
   * Text keys of canonical genomes where the benchmark defines its own (NB101: the module md5 hash);
   * otherwise the 128-bit canonical hash in hex is used.
   */
  officialKeys?(genomes: Uint8Array, core: WasmCore): string[];
  /**
   * Every raw genome of the isomorphism class of `genome`, concatenated: for a space whose editDistance
   * measures cells as written (nb201), so the distance between classes can be taken as the minimum over
   * their members. Spaces whose editDistance is already equal for every member of a class leave it out.
   */
  isomorphs?(genome: Uint8Array): Uint8Array;
  /**
   * Every isomorphism class exactly once, as batches of canonical genomes (only for spaces small
   * enough to enumerate: nb201, nb101).
   */
  enumerate?(core: WasmCore): Iterable<Uint8Array>;
}

/** One text line of an ArchValue, as JSON Lines rows and the CLI print it. */
export function archText(value: ArchValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
