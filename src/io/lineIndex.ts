// An index of a text file's non-blank lines (byte offset, length, line number) built in one pass over
// fixed-size chunks, so any line can be read back on its own: random access to files of any size at
// 16 bytes a line, without holding their text.
import { openSync, readSync, closeSync } from "node:fs";

export class LineIndex {
  readonly file: string;
  /** Non-blank lines indexed. */
  count = 0;
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private numbers = new Uint32Array(1024);

  private constructor(file: string) {
    this.file = file;
  }

  /** Indexes `file`, reading `chunkBytes` at a time. */
  static build(file: string, chunkBytes = 1 << 20): LineIndex {
    const index = new LineIndex(file);
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      let position = 0;
      let lineStart = 0;
      let line = 1;
      let blank = true;
      for (;;) {
        const read = readSync(fd, buffer, 0, chunkBytes, position);
        for (let i = 0; i < read; i++) {
          const byte = buffer[i];
          if (byte === 0x0a) {
            if (!blank) index.push(lineStart, position + i - lineStart, line);
            line++;
            lineStart = position + i + 1;
            blank = true;
          } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
            blank = false;
          }
        }
        if (read === 0) break;
        position += read;
      }
      if (!blank) index.push(lineStart, position - lineStart, line);
    } finally {
      closeSync(fd);
    }
    return index;
  }

  private push(offset: number, length: number, line: number): void {
    if (this.count === this.offsets.length) {
      const offsets = new Float64Array(this.count * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint32Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const numbers = new Uint32Array(this.count * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.numbers[this.count] = line;
    this.count++;
  }

  /** The 1-based line number of indexed line i. */
  lineNumber(i: number): number {
    return this.numbers[i];
  }

  /** The text of indexed lines `indices` (any order, repeats allowed; without "\r\n"), read with one open file. */
  read(indices: ArrayLike<number>): string[] {
    const fd = openSync(this.file, "r");
    try {
      return Array.from(indices, (i) => {
        const buffer = Buffer.allocUnsafe(this.lengths[i]);
        readSync(fd, buffer, 0, buffer.length, this.offsets[i]);
        const text = buffer.toString("utf8");
        return text.endsWith("\r") ? text.slice(0, -1) : text;
      });
    } finally {
      closeSync(fd);
    }
  }
}
