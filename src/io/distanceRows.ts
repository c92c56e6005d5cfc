// `distance --pairs`: JSON Lines rows {a, b, ...} in, the same rows with the edit distance between the
// isomorphism classes of their two architectures appended. A chunk is parsed, measured in one batched
// kernel call and formatted, on a row worker or on the main thread (the same code: the output is the
// same for any worker count). A chunk stops at its first bad row, as every row job does.
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { checkUtf8Line, parseJson } from "./inputText.js";
import { chunkLines } from "./lineChunks.js";
import { toChunkError, type ChunkError, type ChunkStatus } from "./rowJobs.js";

/** Which fields hold the pair and which field receives the distance. */
export interface DistanceFields {
  a: string;
  b: string;
  out: string;
  /** Overwrite an `out` field the row already has (else such a row is refused). */
  replace: boolean;
}

export interface DistanceChunkResult extends ChunkStatus {
  text: string;
}

function readPairRow(text: string, source: string, line: number, fields: DistanceFields): Record<string, unknown> {
  checkUtf8Line(text, { file: source, line });
  const trimmed = text.trim();
  const row = parseJson(trimmed, { file: source, line });
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    throw new LissnasError("E_PARSE", `expected a JSON object with fields "${fields.a}" and "${fields.b}"`, { file: source, line });
  }
  const object = row as Record<string, unknown>;
  for (const field of [fields.a, fields.b]) {
    if (!Object.hasOwn(object, field)) throw new LissnasError("E_PARSE", `missing field "${field}" (an architecture)`, { file: source, line, field });
  }
  if (!fields.replace && Object.hasOwn(object, fields.out)) {
    throw new LissnasError("E_OPTION", `the input row already has a field "${fields.out}"; choose another --field or pass --replace-field to overwrite it`,
      { file: source, line, field: "--field" });
  }
  return object;
}

/** The rows of a chunk with their distances, up to its first bad row. */
export function distanceChunk(kernels: SpaceKernels, bytes: Uint8Array, source: string, fields: DistanceFields): DistanceChunkResult {
  const space = kernels.space;
  const length = space.genomeLength;
  const { texts, lineCount } = chunkLines(bytes);
  const rows: Record<string, unknown>[] = [];
  const left = new Uint8Array(texts.length * length);
  const right = new Uint8Array(texts.length * length);
  let error: ChunkError | undefined;
  for (let i = 0; i < texts.length; i++) {
    if (texts[i].trim() === "") continue;
    const line = i + 1;
    try {
      const row = readPairRow(texts[i], source, line, fields);
      const a = space.parse(row[fields.a], { file: source, line, field: fields.a });
      const b = space.parse(row[fields.b], { file: source, line, field: fields.b });
      left.set(a, rows.length * length);
      right.set(b, rows.length * length);
      rows.push(row);
    } catch (caught) {
      error = toChunkError(caught);
      break;
    }
  }
  if (rows.length === 0) return { text: "", lineCount, error };
  const distances = kernels.classDistances(left.subarray(0, rows.length * length), right.subarray(0, rows.length * length));
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) lines[i] = JSON.stringify({ ...rows[i], [fields.out]: distances[i] });
  return { text: lines.join("\n") + "\n", lineCount, error };
}
