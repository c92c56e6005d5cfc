// A ground-truth table (architecture -> trained accuracy) grouped by isomorphism class: the universe
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
  /** Per class: canonical genome (concatenated), key, mean target, mean train target, cost. */
  classGenomes: Uint8Array;
  classKeys: BigUint64Array;
  classTarget: Float64Array;
  classTrain: Float64Array;
  classCost: Float64Array;
  classIndex: Map<bigint, number>;
  /** Row-level class index of the best row (highest target). */
  bestClass: number;
  bestValue: number;
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

export async function readTruthTable(kernels: SpaceKernels, input: string, target: string, trainTarget: string, costField?: string): Promise<TruthTable> {
  const file = inputName(input); // messages name standard input "<stdin>"
  const length = kernels.space.genomeLength;
  const rowTarget: number[] = [];
  const rowTrain: number[] = [];
  const rowCost: number[] = [];
  const rowKeys: bigint[] = [];
  const classIndex = new Map<bigint, number>();
  const classGenomes: number[] = [];
  for await (const rows of readArchRows(kernels.space, input)) {
    const raw = new Uint8Array(rows.length * length);
    rows.forEach((row, i) => raw.set(row.genome, i * length));
    const { genomes, valid } = kernels.canonicalize(raw);
    const bad = valid.indexOf(0);
    if (bad >= 0) throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}`, { file, line: rows[bad].line, field: "arch" });
    const keys = kernels.keys(genomes);
    rows.forEach((row, i) => {
      rowTarget.push(numberField(row.fields, target, file, row.line, true));
      rowTrain.push(numberField(row.fields, trainTarget, file, row.line, true));
      rowCost.push(costField === undefined ? NaN : numberField(row.fields, costField, file, row.line, false));
      rowKeys.push(keys[i]);
      if (!classIndex.has(keys[i])) {
        classIndex.set(keys[i], classIndex.size);
        for (let g = 0; g < length; g++) classGenomes.push(genomes[i * length + g]);
      }
    });
  }
  if (rowTarget.length === 0) throw new LissnasError("E_DATA", "the truth table has no rows", { file });
  const classes = classIndex.size;
  const sums = new Float64Array(classes);
  const trainSums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  const classCost = new Float64Array(classes).fill(NaN);
  const rowClass = new Int32Array(rowTarget.length);
  let best = 0;
  rowKeys.forEach((key, r) => {
    const c = classIndex.get(key)!;
    rowClass[r] = c;
    sums[c] += rowTarget[r];
    trainSums[c] += rowTrain[r];
    counts[c]++;
    if (Number.isNaN(classCost[c])) classCost[c] = rowCost[r];
    if (rowTarget[r] > rowTarget[best]) best = r;
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
    bestClass: rowClass[best],
    bestValue: rowTarget[best],
  };
}
