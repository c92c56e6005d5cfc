// Buffered line output that respects back-pressure (stdout or any writable stream) and stops with a
// clear error when the stream fails (src/io/standardOutput.ts).
import type { Writable } from "node:stream";
import { writeTo } from "./standardOutput.js";

export class LineWriter {
  private readonly stream: Writable;
  private buffer: string[] = [];
  private bufferedChars = 0;

  constructor(stream: Writable = process.stdout) {
    this.stream = stream;
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("\n") + "\n";
    this.buffer = [];
    this.bufferedChars = 0;
    await writeTo(this.stream, chunk);
  }
}
