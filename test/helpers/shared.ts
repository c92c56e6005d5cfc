// Real benchmark data and golden vectors are read in place from ../shared (never copied here).
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Absolute path of a file under the shared folder beside the checkout. */
export function sharedPath(relative: string): string {
  const candidates = [path.join(repoRoot, "..", "shared", relative), path.join(repoRoot, "shared", relative)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`shared data not found: ${relative} (looked in ${candidates.join(", ")})`);
  return found;
}
