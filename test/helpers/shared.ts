// Real benchmark data and golden vectors are read in place from ../shared (never copied here).
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import path from "node:path";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Absolute path of a file under the shared folder beside the checkout. */
export function sharedPath(relative: string): string {
  // LISSNAS_SHARED points elsewhere when the checkout is not beside the shared folder.
  const candidates = [process.env.LISSNAS_SHARED, path.join(repoRoot, "..", "shared"), path.join(repoRoot, "shared")]
    .filter((dir): dir is string => dir !== undefined).map((dir) => path.join(dir, relative));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`shared data not found: ${relative} (looked in ${candidates.join(", ")})`);
  return found;
}
