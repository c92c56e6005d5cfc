// Shared bench plumbing: one row per (operation, batch); ops/s = batch / median latency of tinybench
// runs; setup happens before the task is added, so it is never timed.
import { Bench } from "tinybench";

export interface Row {
  operation: string;
  batch: number;
  opsPerSecond: number;
  /** The plain-TypeScript reference's ops/s on the same work, when there is one. */
  referenceOpsPerSecond?: number;
  note?: string;
}

const TIME_MS = Number(process.env.LISSNAS_BENCH_MS ?? 400);

/** Median ops/s of `run`, which handles `batch` items a call. */
export async function measure(batch: number, run: () => unknown): Promise<number> {
  const bench = new Bench({ time: TIME_MS, warmupTime: 50 });
  bench.add("task", run);
  await bench.run();
  const result = bench.tasks[0].result as { state: string; latency?: { p50: number }; error?: Error };
  if (result.state !== "completed" || result.latency === undefined) throw result.error ?? new Error(`bench ${result.state}`);
  return batch / (result.latency.p50 / 1000);
}

export async function row(operation: string, batch: number, run: () => unknown, reference?: { batch: number; run: () => unknown }, note?: string): Promise<Row> {
  const opsPerSecond = await measure(batch, run);
  const referenceOpsPerSecond = reference === undefined ? undefined : await measure(reference.batch, reference.run);
  return { operation, batch, opsPerSecond, referenceOpsPerSecond, note };
}

export function formatTable(rows: Row[]): string {
  const header = ["operation", "batch", "ops/s (median)", "TS reference ops/s", "ratio", "note"];
  const cells = rows.map((r) => [r.operation, r.batch.toLocaleString("en-US"), Math.round(r.opsPerSecond).toLocaleString("en-US"),
    r.referenceOpsPerSecond === undefined ? "-" : Math.round(r.referenceOpsPerSecond).toLocaleString("en-US"),
    r.referenceOpsPerSecond === undefined ? "-" : `${(r.opsPerSecond / r.referenceOpsPerSecond).toFixed(1)}x`, r.note ?? ""]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((line) => line[c].length)));
  const render = (line: string[]) => "| " + line.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ") + " |";
  return [render(header), "|" + widths.map((w, c) => (c === 0 || c === 5 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|", ...cells.map(render)].join("\n");
}
