// The lissnas CLI as a running child process: for tests that act while a run is under way (a second run
// into the same output, a signal in the write phase).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../../bin/lissnas.js", import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  /** Exit code (null when killed by a signal), signal, and what the run printed. */
  finished: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: string[], cwd?: string): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const finished = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, finished };
}

/** Polls `dir` every 10 ms until an entry matches `pattern` (or the run ends, or `timeoutMs` passes). */
export async function waitForEntry(dir: string, pattern: RegExp, run: RunningCli, timeoutMs = 30_000): Promise<string | undefined> {
  let ended = false;
  void run.finished.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    const found = readdirSync(dir).find((name) => pattern.test(name));
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

/** Entries lissnas keeps beside an output while it writes it (lock, temporary and replaced outputs). */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(".lissnas-"));
}
