// Writing to standard output (or any stream) so that a failed write is an error the command can report:
// a full disk (ENOSPC, `> /dev/full`) becomes "cannot write to standard output: no space left on device"
// (exit 2); a reader that went away (EPIPE, `| head`) stops the command quietly. Without a listener a
// stream's 'error' event would crash the process with a stack.
import type { Writable } from "node:stream";
import { LissnasError } from "../errors.js";
import { systemErrorReason } from "./systemError.js";

const failures = new WeakMap<Writable, Error>();
const watched = new WeakSet<Writable>();

/** Records the first error of `stream` (from now on) instead of letting it crash the process. */
export function watchStream(stream: Writable): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on("error", (error: Error) => {
    if (!failures.has(stream)) failures.set(stream, error);
  });
}

/** For the CLI: stdout failures are recorded; stderr failures are ignored (there is nowhere left to say so). */
export function guardStandardStreams(): void {
  watchStream(process.stdout);
  if (!watched.has(process.stderr)) {
    watched.add(process.stderr);
    process.stderr.on("error", () => {});
  }
}

/** A closed pipe: the reader has what it wanted. The CLI exits 0 on it. */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
}

function streamName(stream: Writable): string {
  return stream === process.stdout ? "standard output" : stream === process.stderr ? "standard error" : "the output stream";
}

/** The error to throw for a failed stream: EPIPE as it is (a quiet stop), anything else as a LissnasError. */
function failureOf(stream: Writable): Error | undefined {
  const error = failures.get(stream) ?? (stream.destroyed || stream.writableEnded ? new Error("the stream is closed") : undefined);
  if (error === undefined || isClosedPipe(error) || error instanceof LissnasError) return error;
  return new LissnasError("E_IO", `cannot write to ${streamName(stream)}: ${systemErrorReason(error)}`);
}

/** Throws if `stream` has failed (or was closed). */
export function throwIfFailed(stream: Writable): void {
  const error = failureOf(stream);
  if (error !== undefined) throw error;
}

/** Resolves when `stream` drains, or when it fails or closes (the caller then checks throwIfFailed). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("error", done);
    stream.on("close", done);
  });
}

/** Writes `content` (text, or bytes such as Parquet), waiting for the stream to drain when it asks to; throws the stream's failure. */
export async function writeTo(stream: Writable, content: string | Uint8Array): Promise<void> {
  watchStream(stream);
  throwIfFailed(stream);
  if (!stream.write(content)) await drained(stream);
  throwIfFailed(stream);
}

/** Writes `text` (or UTF-8 bytes) to standard output: what every command prints goes through here or a LineWriter. */
export function writeOut(text: string | Uint8Array): Promise<void> {
  return writeTo(process.stdout, text);
}

/**
 * Waits until what was written to `stream` has left or failed: a write's error event comes after the
 * write returns, so a command that printed its last line may still have to report a failure.
 */
export async function settleStream(stream: Writable = process.stdout): Promise<void> {
  if (!stream.destroyed && stream.writableLength > 0) await drained(stream);
  await new Promise<void>((resolve) => setImmediate(resolve));
  const error = failures.get(stream);
  if (error !== undefined) throwIfFailed(stream);
}
