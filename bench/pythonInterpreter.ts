// The Python interpreter the side-by-side references run on: $LISSNAS_PYTHON when set, else the first of
// `python3` on PATH and the system's /usr/bin/python3 that imports the modules a reference needs (a
// version manager's python3 often lacks the distribution's numpy/xgboost packages).
import { spawnSync } from "node:child_process";

const CANDIDATES = ["python3", "/usr/bin/python3"];

/** The interpreter that imports `modules` (comma-separated), or why none does. */
export function pythonWith(modules: string): { python: string } | { missing: string } {
  const candidates = process.env.LISSNAS_PYTHON !== undefined ? [process.env.LISSNAS_PYTHON] : CANDIDATES;
  let why = "";
  for (const python of candidates) {
    const run = spawnSync(python, ["-c", `import ${modules}`], { encoding: "utf8" });
    if (run.error === undefined && run.status === 0) return { python };
    why = run.error?.message ?? run.stderr.trim().split("\n").pop() ?? `exit ${run.status}`;
  }
  return { missing: `${candidates.join(", ")}: ${why}` };
}
