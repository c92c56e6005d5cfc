// A ground-truth table (architecture -> any finite metric: accuracy, loss, SSIM, latency) grouped by isomorphism class: the universe
// every method of an evaluation is measured on.
import { readArchRows, inputName } from "../io/archStream.js";
import { describe } from "../spaces/describe.js";
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";

export interface TruthTable {
  file: string;
  /** Per raw row: target value, cost (NaN when absent), class index. */
  rowTarget: Float64Array;
  rowCost: Float64Array;
  rowClass: Int32Array;
  /** Per class: canonical genome (concatenated), key, mean target, mean train target, cost (first row's). */
  classGenomes: Uint8Array;
  classKeys: BigUint64Array;
  classTarget: Float64Array;
  classTrain: Float64Array;
  classCost: Float64Array;
  classIndex: Map<bigint, number>;
  /** Top-level fields of the rows besides arch, in order of first appearance (to name what a table has). */
  fields: string[];
  /** The cost field read into rowCost/classCost, or null. */
  costField: string | null;
}

function numberField(fields: Record<string, unknown>, field: string, file: string, line: number, required: boolean): number {
  let value: unknown = fields;
  for (const part of field.split(".")) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[part];
  if (value === undefined || value === null) {
    if (!required) return NaN;
    throw new LissnasError("E_DATA", `missing; expected a number`, { file, line, field });
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LissnasError("E_DATA", `expected a finite number; found ${describe(value)}`, { file, line, field });
  }
  return value;
}

/**
 * Reads a truth table. `costField` is one field (its values must be numbers where present), or candidates in
 * order of preference: the cost kept is the first candidate that rows hold as numbers (`costField` of the
 * result; null when none).
 */
export async function readTruthTable(kernels: SpaceKernels, input: string, target: string, trainTarget: string,
  costField?: string | readonly string[]): Promise<TruthTable> {
  const file = inputName(input); // messages name standard input "<stdin>"
  const length = kernels.space.genomeLength;
  const rowTarget: number[] = [];
  const rowTrain: number[] = [];
  const candidates = costField === undefined ? [] : typeof costField === "string" ? [costField] : [...costField];
  const candidateCosts: number[][] = candidates.map(() => []);
  const disqualified = candidates.map(() => false);
  const strict = typeof costField === "string";
  const rowKeys: bigint[] = [];
  const classIndex = new Map<bigint, number>();
  const classGenomes: number[] = [];
  const fields = new Set<string>();
  for await (const rows of readArchRows(kernels.space, input)) {
    const raw = new Uint8Array(rows.length * length);
    rows.forEach((row, i) => raw.set(row.genome, i * length));
    const { genomes, valid } = kernels.canonicalize(raw);
    const bad = valid.indexOf(0);
    if (bad >= 0) throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}`, { file, line: rows[bad].line, field: "arch" });
    const keys = kernels.keys(genomes);
    rows.forEach((row, i) => {
      for (const name of Object.keys(row.fields)) fields.add(name);
      rowTarget.push(numberField(row.fields, target, file, row.line, true));
      rowTrain.push(numberField(row.fields, trainTarget, file, row.line, true));
      candidates.forEach((name, k) => {
        if (disqualified[k]) return;
        try {
          candidateCosts[k].push(numberField(row.fields, name, file, row.line, false));
        } catch (error) {
          // A named cost field must hold numbers; a default candidate that does not (e.g. flops per task) is passed over.
          if (strict) throw error;
          disqualified[k] = true;
        }
      });
      rowKeys.push(keys[i]);
      if (!classIndex.has(keys[i])) {
        classIndex.set(keys[i], classIndex.size);
        for (let g = 0; g < length; g++) classGenomes.push(genomes[i * length + g]);
      }
    });
  }
  if (rowTarget.length === 0) throw new LissnasError("E_DATA", "the truth table has no rows", { file });
  const chosen = candidates.findIndex((name, k) => !disqualified[k] && fields.has(name.split(".")[0]) && candidateCosts[k].some((c) => !Number.isNaN(c)));
  const rowCost = chosen < 0 ? new Array<number>(rowTarget.length).fill(NaN) : candidateCosts[chosen];
  const classes = classIndex.size;
  const sums = new Float64Array(classes);
  const trainSums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  const classCost = new Float64Array(classes).fill(NaN);
  const rowClass = new Int32Array(rowTarget.length);
  rowKeys.forEach((key, r) => {
    const c = classIndex.get(key)!;
    rowClass[r] = c;
    sums[c] += rowTarget[r];
    trainSums[c] += rowTrain[r];
    counts[c]++;
    if (Number.isNaN(classCost[c])) classCost[c] = rowCost[r];
  });
  const classKeys = new BigUint64Array(classes);
  for (const [key, c] of classIndex) classKeys[c] = key;
  return {
    file,
    rowTarget: Float64Array.from(rowTarget),
    rowCost: Float64Array.from(rowCost),
    rowClass,
    classGenomes: Uint8Array.from(classGenomes),
    classKeys,
    classTarget: sums.map((s, c) => s / counts[c]),
    classTrain: trainSums.map((s, c) => s / counts[c]),
    classCost,
    classIndex,
    fields: [...fields],
    costField: chosen < 0 ? null : candidates[chosen],
  };
}
