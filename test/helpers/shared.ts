// Real benchmark data and golden vectors are read in place (never copied into the repository): from
// $LISSNAS_SHARED when it is set (and then only there), else from a `shared` folder beside the
// checkout or inside it. A fresh clone has neither: the tests that need a file skip, naming it, unless
// CI=true, where missing data is a failure.
import { fileURLToPath } from "node:url";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Where the data comes from, for the skip and failure messages. */
const DATA_SOURCE = "the shared folder of benchmark tables (data/: NAS-Bench-101/201/301, TransNAS-Bench-101, NAS-Bench-Macro rows as JSONL) " +
  "and golden vectors (golden/); set LISSNAS_SHARED to its path (README: Development)";

/** The folders searched, in order. */
export function sharedDirs(): string[] {
  const chosen = process.env.LISSNAS_SHARED;
  if (chosen !== undefined && chosen !== "") return [path.resolve(chosen)];
  return [path.join(repoRoot, "..", "shared"), path.join(repoRoot, "shared")];
}

function findShared(relative: string): string | undefined {
  return sharedDirs().map((dir) => path.join(dir, relative)).find((candidate) => existsSync(candidate));
}

/**
 * Absolute path of a file under the shared folder. A missing file gets the path it would have in the
 * first folder searched, so a module may name its data at load time; the tests that read it declare
 * it with `needsShared` and skip (or fail under CI) before reading.
 */
export function sharedPath(relative: string): string {
  return findShared(relative) ?? path.join(sharedDirs()[0], relative);
}

/**
 * Test options for a test that reads these shared files: `{}` when all are there, else a skip naming
 * the missing ones and where they come from. Under CI=true a missing file throws instead, failing the
 * test file: a CI run must not pass by skipping its data-backed tests.
 */
export function needsShared(...relatives: string[]): { skip?: string } {
  const missing = relatives.filter((relative) => findShared(relative) === undefined);
  if (missing.length === 0) return {};
  const message = `shared data missing: ${missing.join(", ")} (looked in ${sharedDirs().join(", ")}); it comes from ${DATA_SOURCE}`;
  if (process.env.CI === "true") throw new Error(`${message}. CI=true: missing data is a failure`);
  return { skip: message };
}

/** The non-empty lines of a shared text file, or none when it is missing (see `sharedPath`). */
export function sharedLines(relative: string): string[] {
  const file = findShared(relative);
  return file === undefined ? [] : readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
}
