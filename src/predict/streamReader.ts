// Reads lines and fixed-size byte frames from a Readable as they arrive (a scorer's stdout): the
// command predictor asks for "the next line" or "the next n bytes" and awaits them.
import type { Readable } from "node:stream";

export class StreamEnded extends Error {}

export class StreamReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(stream: Readable) {
    stream.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.notify();
    });
    stream.on("end", () => {
      this.ended = true;
      this.notify();
    });
    stream.on("error", (error: Error) => {
      this.failure = error;
      this.notify();
    });
  }

  /** The next line without its "\n"; StreamEnded when the stream ends first. */
  async readLine(): Promise<string> {
    let scanned = 0;
    for (;;) {
      const at = this.indexOfNewline(scanned);
      if (at >= 0) {
        const line = this.take(at + 1);
        return line.toString("utf8", 0, line.length - 1);
      }
      scanned = this.buffered;
      await this.more();
    }
  }

  /** Exactly `count` bytes; StreamEnded when the stream ends first. */
  async readBytes(count: number): Promise<Buffer> {
    while (this.buffered < count) await this.more();
    return this.take(count);
  }

  /** What is buffered but not yet read (for error messages). */
  peek(limit: number): string {
    return Buffer.concat(this.chunks).toString("utf8", 0, limit);
  }

  private indexOfNewline(from: number): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      if (offset + chunk.length > from) {
        const at = chunk.indexOf(10, Math.max(0, from - offset));
        if (at >= 0) return offset + at;
      }
      offset += chunk.length;
    }
    return -1;
  }

  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const head = all.subarray(0, count);
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }

  private more(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(new StreamEnded("stream ended"));
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
