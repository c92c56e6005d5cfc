// Outputs are written to a temporary sibling and renamed into place, so a failed run never leaves a
// half-written file and earlier results stay intact. Each write claims its path exclusively for its
// duration (src/io/outputClaim.ts); the CLI claims its outputs before a run starts instead.
import { OutputClaim, type FileContent } from "./outputClaim.js";

export type { FileContent } from "./outputClaim.js";

export function writeFileAtomic(file: string, content: FileContent): void {
  const claim = OutputClaim.take(file, { kind: "file" });
  try {
    claim.writeFileSync(content);
  } finally {
    claim.release();
  }
}

/**
 * Writes a whole output directory atomically: files go to a temporary sibling directory that replaces
 * `dir` only when complete. An existing non-empty `dir` is refused unless `force`.
 */
export function writeDirectoryAtomic(dir: string, files: Record<string, FileContent>, force: boolean): void {
  const claim = OutputClaim.take(dir, { kind: "directory", force });
  try {
    claim.writeDirectorySync(files);
  } finally {
    claim.release();
  }
}
