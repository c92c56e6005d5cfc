// Reading a text stream as chunks of whole lines (bytes, cut after a "\n"), so that the lines of a chunk
// can be decoded and parsed anywhere (a worker thread) and numbered afterwards. A "\n" byte is never
// part of a longer UTF-8 character, so cutting there keeps every character whole.
import { open } from "node:fs/promises";
import { inputName } from "./archLine.js";
import { inputReadError } from "./systemError.js";

/** Default chunk: large enough that a worker message costs nothing next to its lines. */
export const LINE_CHUNK_BYTES = 1 << 20;
/** Chunk on the main thread (no messages): small, so a chunk's rows die young instead of surviving collections. */
export const LOCAL_CHUNK_BYTES = 1 << 16;

const NEWLINE = 0x0a;

/**
 * A stream's chunks as they come (strings as UTF-8 bytes), its read errors worded for `name`. Read through
 * the stream's own async iterator, which ends on an empty stream and throws the stream's errors; a reader
 * that stops early closes the stream.
 */
export async function* streamChunks(input: NodeJS.ReadableStream, name: string): AsyncGenerator<Uint8Array> {
  const chunks = input[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer | string>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw inputReadError(error, name);
      }
      if (next.done) return;
      yield typeof next.value === "string" ? Buffer.from(next.value, "utf8") : next.value;
    }
  } finally {
    await chunks.return?.();
  }
}

/**
 * Chunks of whole lines of a file (or stdin for "-"/undefined), each about `chunkBytes` long and in an
 * ArrayBuffer of its own (it can be moved to a worker). Every chunk but the last ends with "\n"; a line
 * longer than a chunk makes its chunk longer.
 */
export async function* readLineChunks(file: string | undefined, chunkBytes = LINE_CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  const name = inputName(file);
  if (name === "<stdin>") {
    yield* cutAtLines(streamChunks(process.stdin, name), chunkBytes);
    return;
  }
  let handle;
  try {
    handle = await open(file!, "r");
  } catch (error) {
    throw inputReadError(error, name);
  }
  try {
    // Each chunk is read into a buffer of its own, after the previous chunk's unfinished line.
    let carry = new Uint8Array(0);
    for (;;) {
      let buffer = new Uint8Array(carry.length + chunkBytes);
      buffer.set(carry);
      let filled = carry.length;
      let ended = false;
      // Fill the buffer (a short read is not the end of the file); grow it while it holds no line end.
      for (;;) {
        if (filled === buffer.length) {
          if (buffer.lastIndexOf(NEWLINE, filled - 1) >= 0) break;
          const grown = new Uint8Array(buffer.length * 2);
          grown.set(buffer);
          buffer = grown;
        }
        let read: number;
        try {
          ({ bytesRead: read } = await handle.read(buffer, filled, buffer.length - filled, null));
        } catch (error) {
          throw inputReadError(error, name);
        }
        if (read === 0) {
          ended = true;
          break;
        }
        filled += read;
      }
      const cut = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (ended || cut < 0) {
        if (filled > 0) yield buffer.subarray(0, filled);
        return;
      }
      carry = buffer.slice(cut + 1, filled);
      yield buffer.subarray(0, cut + 1);
    }
  } finally {
    await handle.close();
  }
}

/** Whole-line chunks of a stream of byte chunks (each chunk a copy of its own). */
async function* cutAtLines(raws: AsyncIterable<Uint8Array>, chunkBytes: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const joined = () => {
    const all = new Uint8Array(pendingBytes);
    let at = 0;
    for (const part of pending) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  };
  for await (const raw of raws) {
    pending.push(raw);
    pendingBytes += raw.length;
    if (pendingBytes < chunkBytes) continue;
    const cut = raw.lastIndexOf(NEWLINE);
    if (cut < 0) continue; // no line ends in this read: keep reading (a very long line)
    const all = joined();
    const end = pendingBytes - raw.length + cut + 1;
    const rest = all.slice(end);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    yield end === all.length ? all : all.slice(0, end);
  }
  if (pendingBytes > 0) yield joined();
}

/** Lines of a chunk: text (without "\n" or "\r\n") and 1-based number within the chunk; also how many lines the chunk holds. */
export function chunkLines(bytes: Uint8Array): { texts: string[]; lineCount: number } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const texts = text.split("\n");
  // A chunk ending with "\n" leaves an empty text after it, which is no line.
  if (texts[texts.length - 1] === "") texts.pop();
  for (let i = 0; i < texts.length; i++) {
    const line = texts[i];
    if (line.charCodeAt(line.length - 1) === 0x0d) texts[i] = line.slice(0, -1);
  }
  return { texts, lineCount: texts.length };
}
