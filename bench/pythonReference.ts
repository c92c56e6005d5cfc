// Side-by-side timing of a reference algorithm in Python, when python3 with numpy is on the machine:
// NAS-Bench-101's module hash re-implemented in bench/python/nb101_module_hash.py (checked against the
// golden hashes before it is timed), on the same NB101 classes as the lissnas row. Skipped otherwise.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sharedPath } from "../test/helpers/shared.js";
import type { Row } from "./harness.js";
import { pythonWith } from "./pythonInterpreter.js";

const SCRIPT = fileURLToPath(new URL("../../bench/python/nb101_module_hash.py", import.meta.url));

export function pythonReferenceBench(): Row[] {
  const seconds = Math.max(1, Number(process.env.LISSNAS_BENCH_MS ?? 400) * 5 / 1000);
  const found = pythonWith("numpy");
  const operation = "nb101 module hash, Python re-implementation of the reference (hashlib md5), NB101 classes";
  if ("missing" in found) return [{ operation, batch: 0, opsPerSecond: NaN, note: `not run: ${found.missing}` }];
  const run = spawnSync(found.python, [SCRIPT, sharedPath("golden/nb101_all_hashes.jsonl.gz"), String(seconds)], { encoding: "utf8" });
  if (run.error !== undefined || run.status !== 0) {
    const why = run.error?.message ?? run.stderr.trim().split("\n").pop() ?? `exit ${run.status}`;
    return [{ operation, batch: 0, opsPerSecond: NaN, note: `not run: ${why}` }];
  }
  const result = JSON.parse(run.stdout) as { verified: number; hashes_per_second: number };
  return [{ operation, batch: result.verified, opsPerSecond: result.hashes_per_second, note: `one thread; all ${result.verified} match the golden hashes` }];
}
