// A scorer in another process (`--predictor cmd:"python3 my_scorer.py"`): spawned once per run, fed
// batches of architectures on its stdin and read back in order from its stdout, under the protocol of
// scorerProtocol.ts (docs/scorers.md). Any failure (death, a wrong answer, silence past the timeout)
// stops the scorer and is a LissnasError naming the batch, what it said and its last stderr lines.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { LissnasError } from "../errors.js";
import { archText, type SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { splitCommandLine } from "./commandLine.js";
import { StreamReader, StreamEnded } from "./streamReader.js";
import {
  BINARY_SCORE_BYTES, binaryCount, binaryRequestFrame, handshakeLine, jsonRequestLine, jsonScores, parseHello, parseResponseHead,
  type ScorerHello,
} from "./scorerProtocol.js";
import { DEFAULT_OUTSIDE_BATCH_SIZE, assertFiniteScores, assertGenomes, checkedBatchSize, type Predictor, type PredictorOptions } from "./contract.js";

/** Seconds a batch (and the handshake) may take unless told otherwise. */
export const DEFAULT_SCORER_TIMEOUT_SECONDS = 60;
/** Batches written ahead of the one awaited, so the scorer never waits for lissnas to encode the next. */
const SEND_AHEAD = 2;
/** Lines of the scorer's stderr kept for error messages. */
const STDERR_LINES = 20;
/** Seconds a scorer has to exit after its stdin closes before it is killed. */
const EXIT_GRACE_SECONDS = 5;

/** `timeoutSeconds` checked: a number > 0 (default 60). */
export function checkedTimeout(seconds: number | undefined, field = "timeoutSeconds"): number {
  const value = seconds ?? DEFAULT_SCORER_TIMEOUT_SECONDS;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new LissnasError("E_OPTION", `${field} must be a number of seconds > 0; found ${value}`, { field });
  }
  return value;
}

export class CommandPredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  readonly hello: ScorerHello;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader: StreamReader;
  private readonly stderr: StderrTail;
  private readonly kernels: SpaceKernels;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private nextBatch = 0;
  /** The batch whose answer is awaited (for error messages). */
  private awaiting = 0;
  /** predict() calls run one after another: answers come in the order batches were written. */
  private queue: Promise<unknown> = Promise.resolve();
  private broken: LissnasError | undefined;
  private closed = false;

  constructor(command: string, child: ChildProcessWithoutNullStreams, reader: StreamReader, stderr: StderrTail,
    exited: CommandPredictor["exited"], hello: ScorerHello, space: SearchSpace, batchSize: number, timeoutMs: number) {
    this.description = `cmd:${command}` + (hello.name !== undefined ? ` (${hello.name})` : "") + (hello.format === "binary" ? " [binary]" : "");
    this.digest = hello.digest ?? createHash("sha256").update(`cmd:${command}\0${hello.name ?? ""}`).digest("hex");
    this.child = child;
    this.reader = reader;
    this.stderr = stderr;
    this.exited = exited;
    this.hello = hello;
    this.kernels = new SpaceKernels(space);
    this.batchSize = batchSize;
    this.timeoutMs = timeoutMs;
  }

  predict(genomes: Uint8Array): Promise<Float32Array> {
    const run = this.queue.then(() => this.score(genomes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async score(genomes: Uint8Array): Promise<Float32Array> {
    if (this.closed) throw new LissnasError("E_PREDICTOR", "the scorer process is closed", { file: this.description });
    if (this.broken !== undefined) throw this.broken;
    const length = this.kernels.space.genomeLength;
    // Invalid input is the caller's error, found before anything is sent: the scorer stays usable.
    const count = assertGenomes(genomes, this.kernels.space);
    const out = new Float32Array(count);
    const batches = Math.ceil(count / this.batchSize);
    const first = this.nextBatch;
    this.nextBatch += batches;
    const slice = (b: number) => genomes.subarray(b * this.batchSize * length, Math.min(count, (b + 1) * this.batchSize) * length);
    try {
      let sent = 0;
      for (; sent < Math.min(SEND_AHEAD, batches); sent++) this.send(first + sent, slice(sent));
      for (let b = 0; b < batches; b++) {
        const batch = slice(b);
        this.awaiting = first + b;
        const scores = await this.withTimeout(this.receive(first + b, batch.length / length), first + b);
        if (sent < batches) this.send(first + sent, slice(sent++));
        // Checked as float32, what the caller gets: a float64 beyond its range is as unusable as NaN.
        const rounded = Float32Array.from(scores);
        assertFiniteScores(rounded, batch, this.kernels.space, `${this.description}: batch ${first + b}`);
        out.set(rounded, b * this.batchSize);
      }
    } catch (error) {
      this.broken = await this.explain(error);
      this.kill();
      throw this.broken;
    }
    return out;
  }

  private send(batch: number, genomes: Uint8Array): void {
    const length = this.kernels.space.genomeLength;
    const count = genomes.length / length;
    if (this.hello.format === "binary") {
      this.child.stdin.write(binaryRequestFrame(batch, genomes, count));
      return;
    }
    const space = this.kernels.space;
    const archs: string[] = new Array(count);
    for (let i = 0; i < count; i++) archs[i] = archText(space.format(genomes.subarray(i * length, (i + 1) * length)));
    // Keys name the isomorphism class: the canonical form's key, whatever form the genome is in.
    const keys = this.kernels.keyTexts(this.kernels.canonicalize(genomes).genomes);
    this.child.stdin.write(jsonRequestLine(batch, archs, genomes, length, keys));
  }

  private async receive(batch: number, count: number): Promise<Float64Array> {
    const line = await this.reader.readLine();
    const head = parseResponseHead(line, batch, this.description);
    if (this.hello.format === "json") return jsonScores(head, line, batch, count, this.description);
    binaryCount(head, line, batch, count, this.description);
    const bytes = await this.reader.readBytes(count * BINARY_SCORE_BYTES);
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) scores[i] = bytes.readDoubleLE(i * BINARY_SCORE_BYTES);
    return scores;
  }

  private withTimeout<T>(promise: Promise<T>, batch: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LissnasError("E_PREDICTOR",
        `batch ${batch}: no answer within ${this.timeoutMs / 1000} s (raise it with --scorer-timeout)${this.stderr.suffix()}`, { file: this.description })),
      this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** A LissnasError for whatever stopped a batch; a scorer that died is reported with its exit status. */
  private async explain(error: unknown): Promise<LissnasError> {
    if (error instanceof StreamEnded || (error as NodeJS.ErrnoException).code === "EPIPE") {
      const status = await Promise.race([this.exited, delay(2000).then(() => undefined)]);
      return new LissnasError("E_PREDICTOR", `batch ${this.awaiting}: the scorer process ended before answering: ` +
        `${describeExit(status)}${this.stderr.suffix()}`, { file: this.description });
    }
    if (error instanceof LissnasError) return error;
    return new LissnasError("E_PREDICTOR", `the scorer process failed: ${(error as Error).message}${this.stderr.suffix()}`, { file: this.description });
  }

  private kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  /** Closes the scorer's stdin (its signal to exit) and waits for it; kills it after a grace period. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.child.stdin.end();
    const status = await Promise.race([this.exited, delay(EXIT_GRACE_SECONDS * 1000).then(() => undefined)]);
    if (status === undefined) {
      this.kill();
      await this.exited;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function describeExit(status: { code: number | null; signal: NodeJS.Signals | null } | undefined): string {
  if (status === undefined) return "it closed its stdout but has not exited";
  if (status.signal !== null) return `it was killed by ${status.signal}`;
  return `it exited with code ${status.code}`;
}

/** The last lines a scorer wrote to stderr. */
class StderrTail {
  private text = "";

  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString("utf8")).slice(-16384);
  }

  lines(): string[] {
    return this.text.split("\n").filter((line) => line.trim() !== "").slice(-STDERR_LINES);
  }

  /** ", its stderr ended with:\n  ..." or nothing. */
  suffix(): string {
    const lines = this.lines();
    return lines.length === 0 ? "" : `; its stderr ended with:\n  ${lines.join("\n  ")}`;
  }
}

/** Spawns `command`, exchanges the handshake and returns the predictor; a LissnasError when the scorer cannot start. */
export async function openCommandPredictor(command: string, space: SearchSpace, options: PredictorOptions = {}): Promise<CommandPredictor> {
  const argv = splitCommandLine(command);
  const batchSize = checkedBatchSize(options.batchSize, DEFAULT_OUTSIDE_BATCH_SIZE);
  const timeoutMs = checkedTimeout(options.timeoutSeconds) * 1000;
  const source = `cmd:${command}`;
  const child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = new StderrTail();
  child.stderr.on("data", (chunk: Buffer) => stderr.add(chunk));
  // A scorer that dies leaves writes failing with EPIPE: the read side reports it, with the exit status.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once("spawn", () => resolve(undefined));
    child.once("error", (error) => resolve(error));
  });
  if (spawned !== undefined) {
    const code = (spawned as NodeJS.ErrnoException).code;
    throw new LissnasError("E_PREDICTOR", `cannot start the scorer "${argv[0]}": ${code === "ENOENT" ? "no such program" : spawned.message}`, { file: source });
  }
  // Later process errors (a failed kill) surface through the exit status and the read side.
  child.on("error", () => undefined);
  const reader = new StreamReader(child.stdout);
  child.stdin.write(handshakeLine(space));
  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await Promise.race([reader.readLine(), new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LissnasError("E_PREDICTOR",
        `handshake: no answer within ${timeoutMs / 1000} s (raise it with --scorer-timeout)${stderr.suffix()}`, { file: source })), timeoutMs);
    })]);
    const hello = parseHello(line, source);
    return new CommandPredictor(command, child, reader, stderr, exited, hello, space, batchSize, timeoutMs);
  } catch (error) {
    let failure = error as Error;
    if (error instanceof StreamEnded) {
      const status = await Promise.race([exited, delay(2000).then(() => undefined)]);
      failure = new LissnasError("E_PREDICTOR", `the scorer process ended before its handshake: ${describeExit(status)}${stderr.suffix()}`, { file: source });
    }
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}
