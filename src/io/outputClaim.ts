// An exclusive claim on an output path, taken before a run starts and released when it ends.
//
// Beside the target NAME live, while a run owns it:
//   .lissnas-lock-NAME          the claim: created exclusively (fails if it exists), holds the owner's pid
//   .lissnas-tmp-PID-NAME       the output being written; renamed onto NAME only when complete
//   .lissnas-old-PID-NAME       a replaced output (--force), between the two renames of the swap
//   .lissnas-claim-PID-NAME     for an instant: the lock's content, before it is linked to the lock's name
// So two runs into one path cannot both succeed (the second finds the lock and stops before any work),
// and NAME is at every instant absent, the earlier output, or the new complete one. A run killed with
// SIGKILL leaves its lock and temporary files; the next claim on NAME finds their pid gone and removes
// them (restoring an earlier output caught between the two renames). SIGINT and SIGTERM remove them at
// once when the CLI asked for it (exitCleanlyOnSignals).
import {
  closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync,
  statSync, unlinkSync, writeFileSync, writeSync,
} from "node:fs";
import { constants as osConstants } from "node:os";
import path from "node:path";
import { LissnasError } from "../errors.js";
import { systemErrorReason } from "./systemError.js";

/**
 * A file's content: whole, or as chunks (text or bytes) produced while writing (large outputs such as a
 * shrunk space of millions of members never exist as one string, which V8 caps at ~512 MiB).
 */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

function writeChunk(fd: number, chunk: string | Uint8Array): void {
  if (typeof chunk === "string") writeSync(fd, chunk);
  else writeSync(fd, chunk);
}

export interface ClaimOptions {
  /** A directory of files (refused when it exists and is not empty, unless `force`) or one file (replaced). */
  kind: "directory" | "file";
  force?: boolean;
  /** How the user named the path, for messages: "--out", "--report". */
  option?: string;
}

const LOCK_PREFIX = ".lissnas-lock-";
const LEFTOVER = /^\.lissnas-(tmp|old|stale|claim)-(\d+)-(.+)$/;
/** A lock file without a pid (its writer died between creating and writing it) is stale after this. */
const UNWRITTEN_LOCK_MS = 10_000;

const active = new Set<OutputClaim>();
let signalCleanup = false;
let signalsInstalled = false;

/** Is a process with this pid alive (EPERM: alive, owned by someone else)? */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class OutputClaim {
  /** The path as the user gave it (for messages). */
  readonly target: string;
  readonly kind: ClaimOptions["kind"];
  private readonly resolved: string;
  private readonly lockFile: string;
  private readonly temporary: string;
  private readonly previous: string;
  private readonly option: string;
  private readonly force: boolean;
  /** The outermost folder this claim had to create for the target's parent (removed again if nothing was written). */
  private createdFolder: string | undefined;
  private locked = false;
  private committed = false;
  private released = false;

  private constructor(target: string, options: ClaimOptions) {
    this.target = target;
    this.kind = options.kind;
    this.force = options.force === true;
    this.option = options.option ?? "the output";
    this.resolved = path.resolve(target);
    const parent = path.dirname(this.resolved);
    const name = path.basename(this.resolved);
    this.lockFile = path.join(parent, LOCK_PREFIX + name);
    this.temporary = path.join(parent, `.lissnas-tmp-${process.pid}-${name}`);
    this.previous = path.join(parent, `.lissnas-old-${process.pid}-${name}`);
  }

  /**
   * Claims `target` for this process: checks the path can hold the output (no file in the way, not an
   * existing non-empty directory without `force`), creates its parent folder, takes the lock, and removes
   * what killed runs left beside it. Throws a LissnasError naming the option when any of this fails.
   */
  static take(target: string, options: ClaimOptions): OutputClaim {
    const claim = new OutputClaim(target, options);
    claim.checkNesting();
    claim.checkPath(false);
    claim.createParent();
    try {
      claim.lock();
      active.add(claim);
      installSignalHandlers();
      // Before the last check: a killed --force run may have left the earlier output aside.
      claim.removeLeftovers();
      // Under the lock: no other run can write the output between this check and this run's end.
      claim.checkPath(true);
    } catch (error) {
      claim.release();
      throw error;
    }
    return claim;
  }

  /**
   * The checks of take() without claiming anything: for a run that writes its output at the end with
   * writeFileAtomic (claimed then) and wants a bad path refused before its work.
   */
  static check(target: string, options: ClaimOptions): void {
    const claim = new OutputClaim(target, options);
    claim.checkNesting();
    claim.checkPath(true);
  }

  private fail(detail: string, code: "E_IO" | "E_OUTPUT_EXISTS" = "E_IO"): LissnasError {
    return new LissnasError(code, detail, this.target.trim() === "" ? {} : { file: this.target });
  }

  /** An output inside a directory this run claims would be lost when that directory is swapped in. */
  private checkNesting(): void {
    for (const other of active) {
      if (other.kind === "directory" && this.resolved.startsWith(other.resolved + path.sep)) {
        throw this.fail(`${this.option} is inside ${other.option} ${other.target}, which this run writes as a whole`);
      }
    }
  }

  /** The path can take the output: nothing in the way, and (`contents`) no existing output unless --force. */
  private checkPath(contents = true): void {
    if (this.target.trim() === "") throw this.fail(`${this.option} is empty; give a path`);
    if (path.basename(this.resolved) === "") throw this.fail(`${this.option} cannot be the root folder`);
    const existing = statOrUndefined(this.resolved);
    if (existing === undefined) {
      // Walked up the path as given, so the message names the blocking file as the user wrote it.
      const blocker = fileAncestor(path.dirname(path.normalize(this.target)));
      if (blocker !== undefined) throw this.fail(`${this.option} is a path under ${blocker}, which is a file, not a folder`);
      return;
    }
    if (this.kind === "directory") {
      if (!existing.isDirectory()) throw this.fail(`${this.option} names an existing file, not a directory; give a directory path`);
      if (contents && !this.force && readdirSync(this.resolved).length > 0) {
        throw this.fail("output directory exists and is not empty; pass --force to replace it", "E_OUTPUT_EXISTS");
      }
    } else if (existing.isDirectory()) {
      throw this.fail(`${this.option} names an existing directory; give a file path`);
    }
  }

  private createParent(): void {
    try {
      this.createdFolder = mkdirSync(path.dirname(this.resolved), { recursive: true });
    } catch (error) {
      throw this.fail(`cannot create the folder of ${this.option}: ${systemErrorReason(error)}`);
    }
  }

  /** Creates the lock file exclusively; a lock whose owner is gone is taken over, a live one refused. */
  private lock(): void {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        this.createLockFile();
        this.locked = true;
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw this.fail(`cannot write beside ${this.option}: ${systemErrorReason(error)}`);
      }
      const owner = lockOwner(this.lockFile, this.lockFile);
      if (owner === "gone") continue; // removed by its owner between the two calls
      if (owner === "stale") {
        this.removeStaleLock();
        continue;
      }
      if (owner === process.pid) throw this.fail(`${this.option} names a path this run already writes to`);
      const who = owner > 0 ? `another lissnas run (pid ${owner})` : "another lissnas run (starting)";
      throw this.fail(`${who} is writing this output; wait for it to end or choose another ${this.option}`, "E_OUTPUT_EXISTS");
    }
    throw this.fail(`cannot take the lock ${path.basename(this.lockFile)}: it keeps changing`);
  }

  /**
   * The lock appears with its pid already in it: the pid is written to a file of this process, then
   * hard-linked to the lock's name (link fails with EEXIST when the name exists, like open "wx"). Where
   * hard links are not supported, open "wx" then write, and a reader may briefly see an empty lock.
   */
  private createLockFile(): void {
    const candidate = path.join(path.dirname(this.lockFile), `.lissnas-claim-${process.pid}-${path.basename(this.resolved)}`);
    writeFileSync(candidate, `${process.pid}\n`);
    try {
      linkSync(candidate, this.lockFile);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw error;
    } finally {
      rmSync(candidate, { force: true });
    }
    const fd = openSync(this.lockFile, "wx");
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Two runs may judge the same lock stale at once: each renames it to a name of its own first, so only one
   * gets it, and puts it back if what it got turns out to be a live run's fresh lock.
   */
  private removeStaleLock(): void {
    const mine = path.join(path.dirname(this.lockFile), `.lissnas-stale-${process.pid}-${path.basename(this.resolved)}`);
    try {
      renameSync(this.lockFile, mine);
    } catch {
      return; // another run moved it first
    }
    if (lockOwner(mine, this.lockFile) === "stale") {
      rmSync(mine, { force: true });
    } else {
      try {
        linkSync(mine, this.lockFile);
      } catch {
        // a third run has locked meanwhile; the live owner's lock stays lost only in this race of three
      }
      rmSync(mine, { force: true });
    }
  }

  /** Temporary and replaced outputs of runs on this path whose process is gone (killed with SIGKILL). */
  private removeLeftovers(): void {
    const parent = path.dirname(this.resolved);
    const name = path.basename(this.resolved);
    for (const entry of readdirSync(parent)) {
      const match = LEFTOVER.exec(entry);
      // Under the lock nothing of this process is beside NAME yet: an entry with its pid is from an earlier
      // process that had the same pid (containers reuse small pids).
      const pid = Number(match?.[2]);
      if (match === null || match[3] !== name || (pid !== process.pid && processAlive(pid))) continue;
      const leftover = path.join(parent, entry);
      // A run killed between the two renames of a --force swap: its earlier output is the one to keep.
      if (match[1] === "old" && statOrUndefined(this.resolved) === undefined) renameSync(leftover, this.resolved);
      else rmSync(leftover, { recursive: true, force: true });
    }
  }

  /** Has the output been written (renamed into place)? */
  get written(): boolean {
    return this.committed;
  }

  /** Does this claim hold the lock at `lockFile`? */
  holds(lockFile: string): boolean {
    return this.locked && !this.released && this.lockFile === lockFile;
  }

  private assertHeld(): void {
    if (this.released) throw new Error(`the claim on ${this.target} was released`);
  }

  /** Writes the directory's files into the temporary folder, yielding between chunks (so SIGINT/SIGTERM are handled), then commits. */
  async writeDirectory(files: Record<string, FileContent>): Promise<void> {
    this.assertHeld();
    try {
      this.startTemporaryDirectory();
      for (const [name, content] of Object.entries(files)) await writeContent(path.join(this.temporary, name), content);
      this.commitDirectory();
    } catch (error) {
      throw this.writeFailure(error);
    }
  }

  /** writeDirectory for callers that cannot await (the library's writeDirectoryAtomic). */
  writeDirectorySync(files: Record<string, FileContent>): void {
    this.assertHeld();
    try {
      this.startTemporaryDirectory();
      for (const [name, content] of Object.entries(files)) writeContentSync(path.join(this.temporary, name), content);
      this.commitDirectory();
    } catch (error) {
      throw this.writeFailure(error);
    }
  }

  /** Writes the file to its temporary sibling and renames it into place. */
  writeFileSync(content: FileContent): void {
    this.assertHeld();
    try {
      writeContentSync(this.temporary, content);
      renameSync(this.temporary, this.resolved);
      this.committed = true;
    } catch (error) {
      rmSync(this.temporary, { force: true });
      throw error instanceof LissnasError ? error : this.fail(`cannot write: ${systemErrorReason(error)}`);
    }
  }

  private startTemporaryDirectory(): void {
    rmSync(this.temporary, { recursive: true, force: true });
    mkdirSync(this.temporary);
  }

  /** The swap: NAME is absent, the earlier output or the new one at every instant. */
  private commitDirectory(): void {
    if (existsSync(this.resolved)) {
      // Filled since the claim by something other than lissnas: refused as at the start.
      if (!this.force && readdirSync(this.resolved).length > 0) {
        throw this.fail("output directory exists and is not empty; pass --force to replace it", "E_OUTPUT_EXISTS");
      }
      renameSync(this.resolved, this.previous);
    }
    renameSync(this.temporary, this.resolved);
    this.committed = true;
    rmSync(this.previous, { recursive: true, force: true });
  }

  private writeFailure(error: unknown): LissnasError {
    this.cleanUp();
    return error instanceof LissnasError ? error : this.fail(`cannot write output directory: ${systemErrorReason(error)}`);
  }

  /** Removes the temporary output; puts back an earlier output moved aside by an unfinished swap. */
  private cleanUp(): void {
    rmSync(this.temporary, { recursive: true, force: true });
    if (existsSync(this.previous)) {
      if (!existsSync(this.resolved)) renameSync(this.previous, this.resolved);
      else rmSync(this.previous, { recursive: true, force: true });
    }
  }

  /** Ends the claim, whether or not the output was written: removes the temporary files and the lock. */
  release(): void {
    if (this.released) return;
    try {
      // Only the lock's owner may touch the temporary files: they are named by pid.
      if (this.locked) {
        this.cleanUp();
        if (lockOwner(this.lockFile, this.lockFile) === process.pid) unlinkSync(this.lockFile);
      }
      if (!this.committed) removeEmptyFolders(path.dirname(this.resolved), this.createdFolder);
    } finally {
      this.released = true;
      active.delete(this);
      if (active.size === 0) removeSignalHandlers();
    }
  }
}

/** Claims several outputs, all or none: when one cannot be claimed the others are released. */
export function takeClaims(requests: Array<{ target: string | undefined } & ClaimOptions>): Array<OutputClaim | undefined> {
  const claims: Array<OutputClaim | undefined> = [];
  try {
    for (const request of requests) claims.push(request.target === undefined ? undefined : OutputClaim.take(request.target, request));
  } catch (error) {
    releaseClaims(claims);
    throw error;
  }
  return claims;
}

export function releaseClaims(claims: Array<OutputClaim | undefined>): void {
  for (const claim of claims) claim?.release();
}

/**
 * For the CLI: on SIGINT or SIGTERM while an output is claimed, remove its temporary files and lock and
 * exit with the conventional 128 + signal number (130, 143). A library embedding lissnas keeps its own
 * signal handling; what a killed process leaves is removed by the next claim on the same path.
 */
export function exitCleanlyOnSignals(): void {
  signalCleanup = true;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

function onSignal(signal: NodeJS.Signals): void {
  const unfinished = [...active].filter((claim) => !claim.written).map((claim) => claim.target);
  for (const claim of [...active]) {
    try {
      claim.release();
    } catch {
      // exiting anyway: the next run removes what is left
    }
  }
  process.stderr.write(`lissnas: interrupted by ${signal}` + (unfinished.length > 0 ? `; removed the unfinished output (${unfinished.join(", ")})` : "") + "\n");
  process.exit(128 + osConstants.signals[signal]);
}

function installSignalHandlers(): void {
  if (!signalCleanup || signalsInstalled) return;
  signalsInstalled = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeSignalHandlers(): void {
  if (!signalsInstalled) return;
  signalsInstalled = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * The pid holding a lock file, "stale" if that process is gone, "gone" if the file no longer exists.
 * `lockFile` is the lock's own path (the file read may be a renamed copy): a lock holding this process's
 * pid is live only while one of its claims holds that path; otherwise an earlier process had the same pid.
 */
function lockOwner(file: string, lockFile: string): number | "stale" | "gone" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return "gone";
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    const age = Date.now() - (statOrUndefined(file)?.mtimeMs ?? 0);
    return age > UNWRITTEN_LOCK_MS ? "stale" : 0;
  }
  if (pid === process.pid) return [...active].some((claim) => claim.holds(lockFile)) ? pid : "stale";
  return processAlive(pid) ? pid : "stale";
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The nearest existing ancestor of `folder` (itself included) when it is not a directory. */
function fileAncestor(folder: string): string | undefined {
  for (let current = folder; ; current = path.dirname(current)) {
    const found = statOrUndefined(current);
    if (found !== undefined) return found.isDirectory() ? undefined : current;
    // lstat: a dangling symbolic link is in the way too
    try {
      lstatSync(current);
      return current;
    } catch {
      // does not exist: look further up
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** Removes `folder` and its parents up to `outermost` while they are empty (folders a failed run created). */
function removeEmptyFolders(folder: string, outermost: string | undefined): void {
  if (outermost === undefined) return;
  for (let current = folder; current.startsWith(outermost); current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === outermost) return;
  }
}

function writeContentSync(file: string, content: FileContent): void {
  if (typeof content === "string" || content instanceof Uint8Array) {
    writeFileSync(file, content);
    return;
  }
  const fd = openSync(file, "w");
  try {
    for (const chunk of content) writeChunk(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Lets the event loop run (signal handlers included) between chunks of a long write. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeContent(file: string, content: FileContent): Promise<void> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    writeFileSync(file, content);
    return;
  }
  const fd = openSync(file, "w");
  try {
    for (const chunk of content) {
      writeChunk(fd, chunk);
      await yieldToEventLoop();
    }
  } finally {
    closeSync(fd);
  }
}
