// Progress of long commands on stderr: a cli-progress bar when stderr is a terminal, nothing otherwise or
// with --quiet/--json, so piped and machine-readable output stays clean. cli-progress is used rather than
// hand-written escape codes because it handles redraw throttling, terminal width and cursor restore on exit.
import { SingleBar } from "cli-progress";

export class ProgressLine {
  private readonly bar?: SingleBar;
  private started = false;
  private total = 0;

  constructor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
    if (quiet || stream.isTTY !== true) return;
    this.bar = new SingleBar({
      stream,
      format: "{bar} {percentage}% | {text}",
      barsize: 24,
      fps: 10,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      linewrap: false,
      barCompleteChar: "\u2588",
      barIncompleteChar: "\u2591",
      // A text-only update (no known total) keeps the bar at 0% instead of claiming progress.
      formatValue: (value, _options, type) => (type === "percentage" && this.total === 0 ? "--" : String(value)),
    });
  }

  /** Whether anything is drawn (stderr is a terminal and the command is not quiet). */
  get enabled(): boolean {
    return this.bar !== undefined;
  }

  /** Shows `text`; with `done` and `total`, also how far the work is (the bar fills with done / total). */
  update(text: string, done?: number, total?: number): void {
    if (this.bar === undefined) return;
    const known = done !== undefined && total !== undefined && total > 0;
    if (known) this.total = total;
    if (!this.started) {
      this.bar.start(known ? total : 1, known ? done : 0, { text });
      this.started = true;
      return;
    }
    if (known) this.bar.setTotal(total);
    this.bar.update(known ? Math.min(done, total) : this.bar.getProgress() * this.bar.getTotal(), { text });
  }

  done(): void {
    if (this.bar !== undefined && this.started) this.bar.stop();
    this.started = false;
  }
}
