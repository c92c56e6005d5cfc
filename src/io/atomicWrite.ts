// Outputs are written to a temporary sibling and renamed into place, so a failed run never leaves a
// half-written file and earlier results stay intact.
import { writeFileSync, renameSync, rmSync, mkdirSync, existsSync, readdirSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { LissnasError } from "../errors.js";

/**
 * A file's content: whole, or as chunks (text or bytes) produced while writing (large outputs such as a
 * shrunk space of millions of members never exist as one string, which V8 caps at ~512 MiB).
 */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

function writeContent(file: string, content: FileContent): void {
  if (typeof content === "string" || content instanceof Uint8Array) {
    writeFileSync(file, content);
    return;
  }
  const fd = openSync(file, "w");
  try {
    for (const chunk of content) {
      if (typeof chunk === "string") writeSync(fd, chunk);
      else writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(file: string, content: FileContent): void {
  const temporary = path.join(path.dirname(file), `.lissnas-tmp-${process.pid}-${path.basename(file)}`);
  try {
    writeContent(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new LissnasError("E_IO", `cannot write: ${(error as Error).message}`, { file });
  }
}

/**
 * Writes a whole output directory atomically: files go to a temporary sibling directory that replaces
 * `dir` only when complete. An existing non-empty `dir` is refused unless `force`.
 */
export function writeDirectoryAtomic(dir: string, files: Record<string, FileContent>, force: boolean): void {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force) {
    throw new LissnasError("E_OUTPUT_EXISTS", `output directory exists and is not empty; pass --force to replace it`, { file: dir });
  }
  const parent = path.dirname(path.resolve(dir));
  const temporary = path.join(parent, `.lissnas-tmp-${process.pid}-${path.basename(dir)}`);
  const previous = path.join(parent, `.lissnas-old-${process.pid}-${path.basename(dir)}`);
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary);
    for (const [name, content] of Object.entries(files)) writeContent(path.join(temporary, name), content);
    if (existsSync(dir)) renameSync(dir, previous);
    renameSync(temporary, dir);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(previous)) renameSync(previous, dir);
    throw new LissnasError("E_IO", `cannot write output directory: ${(error as Error).message}`, { file: dir });
  }
}
