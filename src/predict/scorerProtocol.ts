// The lissnas scorer protocol (docs/scorers.md), version 1: what lissnas writes to a scorer process's
// stdin and what it accepts back on its stdout. JSON Lines, with a binary frame mode for genomes.
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { encodingsFor } from "./features.js";

export const SCORER_PROTOCOL = "lissnas-scorer";
export const SCORER_PROTOCOL_VERSION = 1;
export const SCORER_FORMATS = ["json", "binary"] as const;
export type ScorerFormat = (typeof SCORER_FORMATS)[number];

/** Bytes per score in a binary response: float64, little-endian. */
export const BINARY_SCORE_BYTES = 8;

/** What a scorer said in its first line. */
export interface ScorerHello {
  format: ScorerFormat;
  /** Optional: the scorer's own name (shown in manifests). */
  name?: string;
  /** Optional: a digest of the scorer's model (manifests name the scores' source with it). */
  digest?: string;
}

/** The first line lissnas writes: who it is and the layout of the genomes that follow. */
export function handshakeLine(space: SearchSpace): string {
  return JSON.stringify({
    protocol: SCORER_PROTOCOL,
    version: SCORER_PROTOCOL_VERSION,
    space: space.id,
    genome_length: space.genomeLength,
    cardinalities: Array.from(space.cardinalities),
    encodings: encodingsFor(space).map((encoding) => encoding.name),
    formats: SCORER_FORMATS,
  }) + "\n";
}

/** At most `limit` characters of what a scorer said, for error messages. */
export function truncated(text: string, limit = 200): string {
  return JSON.stringify(text.length > limit ? text.slice(0, limit) + "…" : text) + (text.length > limit ? ` (${text.length} characters)` : "");
}

function parseObject(line: string, what: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    const hint = /\b(NaN|-?Infinity)\b/.test(line) ? " (NaN and Infinity are not JSON; a score must be a finite number)" : "";
    throw new LissnasError("E_PREDICTOR", `${what}: expected one JSON object per line; the scorer said ${truncated(line)}${hint}`, { file: source });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new LissnasError("E_PREDICTOR", `${what}: expected a JSON object; the scorer said ${truncated(line)}`, { file: source });
  }
  return value as Record<string, unknown>;
}

/** The scorer's answer to the handshake, checked. */
export function parseHello(line: string, source: string): ScorerHello {
  const what = "handshake";
  const hello = parseObject(line, what, source);
  if (hello.protocol !== SCORER_PROTOCOL || hello.version !== SCORER_PROTOCOL_VERSION) {
    throw new LissnasError("E_PREDICTOR",
      `${what}: expected {"protocol": "${SCORER_PROTOCOL}", "version": ${SCORER_PROTOCOL_VERSION}, ...}; the scorer said ${truncated(line)}`, { file: source });
  }
  const format = hello.format ?? "json";
  if (!(SCORER_FORMATS as readonly unknown[]).includes(format)) {
    throw new LissnasError("E_PREDICTOR", `${what}: "format" must be one of ${SCORER_FORMATS.join(", ")}; the scorer said ${truncated(line)}`, { file: source });
  }
  for (const field of ["name", "digest"] as const) {
    if (hello[field] !== undefined && typeof hello[field] !== "string") {
      throw new LissnasError("E_PREDICTOR", `${what}: "${field}" must be a string; the scorer said ${truncated(line)}`, { file: source });
    }
  }
  return { format: format as ScorerFormat, name: hello.name as string | undefined, digest: hello.digest as string | undefined };
}

/** A JSON request line: the architectures' text forms, genomes and canonical keys. */
export function jsonRequestLine(batch: number, archs: string[], genomes: Uint8Array, genomeLength: number, keys: string[]): string {
  const rows: string[] = new Array(archs.length);
  for (let i = 0; i < archs.length; i++) rows[i] = "[" + genomes.subarray(i * genomeLength, (i + 1) * genomeLength).join(",") + "]";
  return `{"batch":${batch},"archs":${JSON.stringify(archs)},"genomes":[${rows.join(",")}],"keys":${JSON.stringify(keys)}}\n`;
}

/** A binary request: a header line, then count x genome_length bytes of genomes. */
export function binaryRequestFrame(batch: number, genomes: Uint8Array, count: number): Buffer {
  const header = Buffer.from(`{"batch":${batch},"count":${count}}\n`);
  return Buffer.concat([header, genomes]);
}

/** Checks a response line (JSON) or header (binary): an object answering this batch; a scorer's {"error"} is thrown. */
export function parseResponseHead(line: string, batch: number, source: string): Record<string, unknown> {
  const what = `batch ${batch}`;
  const response = parseObject(line, what, source);
  if (typeof response.error === "string") {
    throw new LissnasError("E_PREDICTOR", `${what}: the scorer reported an error: ${truncated(response.error, 1000)}`, { file: source });
  }
  if (response.batch !== batch) {
    throw new LissnasError("E_PREDICTOR", `${what}: expected the answer to batch ${batch} (answers come in order); the scorer said ${truncated(line)}`,
      { file: source });
  }
  return response;
}

/** The scores of a JSON response, checked: one finite number per architecture. */
export function jsonScores(response: Record<string, unknown>, line: string, batch: number, count: number, source: string): Float64Array {
  const scores = response.scores;
  if (!Array.isArray(scores)) {
    throw new LissnasError("E_PREDICTOR", `batch ${batch}: expected {"batch": ${batch}, "scores": [...]}; the scorer said ${truncated(line)}`, { file: source });
  }
  if (scores.length !== count) {
    throw new LissnasError("E_PREDICTOR", `batch ${batch}: expected ${count} scores (one per architecture); the scorer answered ${scores.length}`,
      { file: source });
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const value = scores[i];
    if (typeof value !== "number") {
      throw new LissnasError("E_PREDICTOR", `batch ${batch}: score ${i} is ${truncated(JSON.stringify(value) ?? String(value), 60)}; expected a finite number`,
        { file: source });
    }
    out[i] = value;
  }
  return out;
}

/** The count announced by a binary response header, checked against the request. */
export function binaryCount(response: Record<string, unknown>, line: string, batch: number, count: number, source: string): number {
  if (response.count !== count) {
    throw new LissnasError("E_PREDICTOR",
      `batch ${batch}: expected a header {"batch": ${batch}, "count": ${count}} before ${count} float64 scores; the scorer said ${truncated(line)}`,
      { file: source });
  }
  return count;
}
