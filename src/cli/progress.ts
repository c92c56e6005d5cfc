// A one-line progress display on stderr when it is a terminal; silent otherwise or with --quiet.
export class ProgressLine {
  private readonly enabled: boolean;
  private last = 0;

  constructor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = !quiet && stream.isTTY === true;
  }

  update(text: string): void {
    const now = Date.now();
    if (!this.enabled || now - this.last < 100) return;
    this.last = now;
    process.stderr.write(`\r\x1b[K${text}`);
  }

  done(): void {
    if (this.enabled) process.stderr.write("\r\x1b[K");
  }
}
