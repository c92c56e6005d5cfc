// Whole processes, as a user runs them: `lissnas predict nb201` on 1,000,000 JSON Lines rows with the
// golden 300-tree XGBoost model, `lissnas hash nb101` on all 423,624 NB101 classes, `lissnas enumerate
// nb101`, each with --workers 2 (predict with --threads 2 as well; median wall time of 3; predict also with
// every row scored, as without repeated archs), side by side with the Python pipelines in bench/python (one
// run each: they take tens of seconds) when a Python with numpy (and xgboost, for predict) is found.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sharedPath } from "../test/helpers/shared.js";
import type { Row } from "./harness.js";
import { pythonWith } from "./pythonInterpreter.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const PYTHON = fileURLToPath(new URL("../../bench/python/", import.meta.url));
const PREDICT_ROWS = 1_000_000;
const WORKERS = "2";

/** Runs `command args` with stdout into `out`; wall seconds. */
function timed(command: string, args: string[], out: string): number {
  const fd = openSync(out, "w");
  try {
    const start = performance.now();
    const run = spawnSync(command, args, { stdio: ["ignore", fd, "pipe"], encoding: "utf8", maxBuffer: 1 << 26 });
    const seconds = (performance.now() - start) / 1000;
    if (run.error !== undefined || run.status !== 0) throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(" ")}: ${run.error?.message ?? run.stderr.trim().split("\n").pop()}`);
    return seconds;
  } finally {
    closeSync(fd);
  }
}

function medianOf3(run: () => number): number {
  const times = [run(), run(), run()].sort((a, b) => a - b);
  return times[1];
}

function lissnas(args: string[], out: string): number {
  return medianOf3(() => timed(process.execPath, [BIN, ...args, "--workers", WORKERS], out));
}

/** The JSON a Python script prints (run by the first interpreter that imports `modules`), or why it could not run. */
function python(modules: string, script: string, args: string[]): Record<string, number> | string {
  const found = pythonWith(modules);
  if ("missing" in found) return found.missing;
  const run = spawnSync(found.python, [path.join(PYTHON, script), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.error !== undefined || run.status !== 0) return run.error?.message ?? run.stderr.trim().split("\n").pop() ?? `exit ${run.status}`;
  return JSON.parse(run.stdout) as Record<string, number>;
}

export async function endToEndBench(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-e2e-"));
  const rows: Row[] = [];
  try {
    const nb201Rows = path.join(dir, "nb201.jsonl");
    const nb101Rows = path.join(dir, "nb101.jsonl");
    timed(process.execPath, [BIN, "sample", "nb201", "-n", String(PREDICT_ROWS), "--seed", "1"], nb201Rows);
    const out = path.join(dir, "out.jsonl");

    const enumerateSeconds = lissnas(["enumerate", "nb101", "--quiet"], nb101Rows);
    rows.push({ operation: `enumerate nb101, whole process, --workers ${WORKERS}`, batch: 423_624, opsPerSecond: 423_624 / enumerateSeconds,
      note: `${enumerateSeconds.toFixed(2)} s wall (median of 3; goal <= 3 s)` });

    const hashSeconds = lissnas(["hash", "nb101", nb101Rows], out);
    const pythonHash = python("numpy", "nb101_hash_jsonl.py", [nb101Rows, path.join(dir, "python.jsonl")]);
    rows.push({ operation: `hash nb101 JSONL -> JSONL, whole process, --workers ${WORKERS}`, batch: 423_624, opsPerSecond: 423_624 / hashSeconds,
      referenceOpsPerSecond: typeof pythonHash === "string" ? undefined : pythonHash.rows / pythonHash.seconds,
      note: `${hashSeconds.toFixed(2)} s wall (median of 3; goal <= 3 s, >= 15x); reference = Python (bench/python/nb101_hash_jsonl.py), ` +
        (typeof pythonHash === "string" ? `not run: ${pythonHash}` : `${pythonHash.seconds.toFixed(1)} s, one run`) });

    const predictSeconds = lissnas(["predict", "nb201", nb201Rows, "--model", sharedPath("golden/xgb_nb201_onehot.onnx"), "--features", "nb201/onehot@1", "--threads", "2"], out);
    const pythonPredict = python("numpy, xgboost", "nb201_xgb_predict.py",
      [nb201Rows, sharedPath("data/nb201/nb201.jsonl"), sharedPath("golden/xgb_nb201_onehot.train_archs.txt"), path.join(dir, "python.jsonl"), WORKERS]);
    rows.push({ operation: `predict nb201 1M JSONL rows, XGBoost 300 trees, whole process, --workers ${WORKERS}`, batch: PREDICT_ROWS, opsPerSecond: PREDICT_ROWS / predictSeconds,
      referenceOpsPerSecond: typeof pythonPredict === "string" ? undefined : pythonPredict.rows / pythonPredict.seconds_total,
      note: `${predictSeconds.toFixed(2)} s wall (median of 3; goal >= 5x); reference = Python read/one-hot/XGBoost inplace_predict (2 threads)/write ` +
        `incl. training (bench/python/nb201_xgb_predict.py), ` +
        (typeof pythonPredict === "string" ? `not run: ${pythonPredict}` : `${pythonPredict.seconds_total.toFixed(1)} s (train ${pythonPredict.seconds_train.toFixed(1)} s), one run`) });
    // The sample repeats NB201's 15,625 cells, whose scores a row worker reuses: timed again scoring every
    // row, as an input without repeats would be.
    const unreusedSeconds = lissnas(["predict", "nb201", nb201Rows, "--model", sharedPath("golden/xgb_nb201_onehot.onnx"), "--features", "nb201/onehot@1", "--threads", "2", "--no-score-reuse"], out);
    rows.push({ operation: `predict nb201 1M JSONL rows, every row scored (--no-score-reuse), whole process, --workers ${WORKERS}`, batch: PREDICT_ROWS,
      opsPerSecond: PREDICT_ROWS / unreusedSeconds,
      referenceOpsPerSecond: typeof pythonPredict === "string" ? undefined : pythonPredict.rows / pythonPredict.seconds_total,
      note: `${unreusedSeconds.toFixed(2)} s wall (median of 3); reference as above` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// Run on its own: node dist/bench/endToEnd.bench.js
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { formatTable } = await import("./harness.js");
  process.stdout.write(formatTable(await endToEndBench()) + "\n");
}
