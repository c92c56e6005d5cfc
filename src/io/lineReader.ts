// Reading a text file line by line in fixed-size chunks, synchronously: files of any size (a shrunk
// space of millions of members) without ever holding them as one string.
import { openSync, readSync, closeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/** Lines of `file` (1-based numbers, without their "\n" or "\r\n"), read `chunkBytes` at a time. */
export function* readLinesSync(file: string, chunkBytes = 1 << 20): Generator<{ text: string; line: number }> {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    // Bytes to text across chunk boundaries, so a UTF-8 character split between two reads stays whole.
    const decoder = new StringDecoder("utf8");
    let pending = "";
    let line = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      const text = read > 0 ? pending + decoder.write(buffer.subarray(0, read)) : pending + decoder.end();
      const parts = text.split("\n");
      // The text after the last "\n" is a line only once the file ends (and only if not empty).
      pending = parts.pop()!;
      if (read === 0 && pending !== "") parts.push(pending);
      for (const part of parts) {
        line++;
        yield { text: part.endsWith("\r") ? part.slice(0, -1) : part, line };
      }
      if (read === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}
