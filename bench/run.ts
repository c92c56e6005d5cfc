// `npm run bench`: every benchmark, one table (operation, batch, median ops/s, TS reference, ratio).
// Not part of `npm test`. LISSNAS_BENCH_MS sets the time per measurement (default 400 ms).
import { hashBench } from "./hash.bench.js";
import { enumerateBench } from "./enumerate.bench.js";
import { neighboursBench } from "./neighbours.bench.js";
import { editDistanceBench } from "./editDistance.bench.js";
import { shrinkBench } from "./shrink.bench.js";
import { parallelBench } from "./parallel.bench.js";
import { runPredictBench } from "./predict.bench.js";
import { pythonReferenceBench } from "./pythonReference.js";
import { endToEndBench } from "./endToEnd.bench.js";
import { formatTable, type Row } from "./harness.js";

const rows: Row[] = [];
for (const bench of [hashBench, enumerateBench, neighboursBench, editDistanceBench, parallelBench]) {
  rows.push(...await bench());
  process.stderr.write(".");
  if (bench === hashBench) rows.push(...pythonReferenceBench());
}
try {
  for (const r of await runPredictBench(1000)) rows.push({ operation: r.name, batch: r.batch, opsPerSecond: r.rowsPerSecond, referenceOpsPerSecond: r.referenceRowsPerSecond, note: r.note });
} catch (error) {
  rows.push({ operation: "predict (ONNX)", batch: 0, opsPerSecond: NaN, note: `not run: ${(error as Error).message}` });
}
rows.push(...await shrinkBench(2));
rows.push(...await endToEndBench());
process.stderr.write("\n");
process.stdout.write(formatTable(rows) + "\n");
