// Runs the lissnas CLI as a user would: a child process on bin/lissnas.js.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/lissnas.js", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], input?: string, cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", cwd, maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.trim().split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}
