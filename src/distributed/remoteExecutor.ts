// The driver's side of a distributed run: a ChunkExecutor that publishes a phase's chunk tasks to the
// engine's task queue (at most `inFlight` ahead of the reduction), gathers the workers' results from
// the run's result subject and hands them to the loop strictly in chunk order. Lost workers cost
// time only: the server redelivers their unacknowledged tasks, and duplicate results are ignored.
import { randomUUID } from "node:crypto";
import type { ConsumerMessages, JsMsg, JetStreamClient } from "nats";
import { AckPolicy, DeliverPolicy, nanos } from "nats";
import { LissnasError } from "../errors.js";
import type { ChunkExecutor } from "../pool/chunkExecutor.js";
import type { ChunkResult } from "../pool/kernelPool.js";
import { taskItems, type ChunkTask, type RunConfig } from "../pool/chunkTask.js";
import { ChunkAssembler } from "./chunkAssembler.js";
import { connectEngine, declareQueues, describe, type Engine } from "./engine.js";
import {
  PROTOCOL_VERSION, RESULT_STREAM, TASK_STREAM, WORKER_CONSUMER, decodeResult, encodeTask, isResultError, kernelDigest, resultSubject, taskSubject,
  type TaskMessage,
} from "./protocol.js";

/** Chunks published ahead of the reduction: enough to keep dozens of workers busy, bounded driver memory. */
export const DEFAULT_IN_FLIGHT = 32;

/** Seconds without a result before the driver says it is waiting for workers. */
const STALL_NOTICE_SECONDS = 15;

export interface RemoteExecutorOptions {
  /** Chunks published ahead of the one being reduced. */
  inFlight?: number;
  /** Where "waiting for workers" notices go (default: stderr). */
  notice?: (text: string) => void;
}

export interface RemoteExecutorStats {
  tasks: number;
  resultParts: number;
  duplicateParts: number;
}

export class RemoteChunkExecutor implements ChunkExecutor {
  readonly config: RunConfig;
  readonly run: string;
  readonly stats: RemoteExecutorStats = { tasks: 0, resultParts: 0, duplicateParts: 0 };
  private readonly engine: Engine;
  private readonly js: JetStreamClient;
  private readonly inFlight: number;
  private readonly notice: (text: string) => void;
  private readonly messages: ConsumerMessages;
  private readonly consumerName: string;
  private phase = -1;
  private assembler?: ChunkAssembler;
  private failure?: LissnasError;
  private wake?: () => void;
  private lastResult = performance.now();
  private closed = false;

  private constructor(engine: Engine, config: RunConfig, run: string, consumerName: string, messages: ConsumerMessages, options: RemoteExecutorOptions) {
    this.engine = engine;
    this.config = config;
    this.run = run;
    this.consumerName = consumerName;
    this.messages = messages;
    this.js = engine.connection.jetstream();
    this.inFlight = Math.max(1, options.inFlight ?? DEFAULT_IN_FLIGHT);
    this.notice = options.notice ?? ((text) => process.stderr.write(`lissnas: ${text}\n`));
    void this.gather();
    void engine.connection.closed().then((error) => {
      if (!this.closed) this.fail(`lost the NATS server at ${engine.url}${error ? `: ${describe(error)}` : ""}`);
    });
  }

  /** Connects to `url`, declares the queues and subscribes to this run's results. */
  static async open(url: string, config: RunConfig, options: RemoteExecutorOptions = {}): Promise<RemoteChunkExecutor> {
    const engine = await connectEngine(url, "lissnas shrink");
    try {
      await declareQueues(engine);
      const run = randomUUID().replaceAll("-", "");
      const info = await engine.manager.consumers.add(RESULT_STREAM, {
        ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: resultSubject(run),
        // The server removes it if this driver vanishes.
        inactive_threshold: nanos(120_000),
      });
      const consumer = await engine.connection.jetstream().consumers.get(RESULT_STREAM, info.name);
      const messages = await consumer.consume({ max_messages: 64, abort_on_missing_resource: true });
      return new RemoteChunkExecutor(engine, config, run, info.name, messages, options);
    } catch (error) {
      await engine.connection.close().catch(() => undefined);
      if (error instanceof LissnasError) throw error;
      throw new LissnasError("E_ENGINE", `cannot set up the run's queues on the NATS server at ${url}: ${describe(error)}`);
    }
  }

  async forEachInOrder(tasks: ChunkTask[], reduce: (result: ChunkResult) => Promise<void> | void): Promise<void> {
    this.checkFailure();
    const phase = ++this.phase;
    const items = tasks.map((task, index) => {
      if (task.chunk !== index) throw new Error(`task ${index} carries chunk ${task.chunk}`);
      return taskItems(this.config, task);
    });
    const assembler = new ChunkAssembler(phase, this.config.buffers.genomeLength, (chunk) => items[chunk]);
    this.assembler = assembler;
    let published = 0;
    const publishUpTo = async (end: number) => {
      for (; published < Math.min(end, tasks.length); published++) await this.publish(phase, tasks[published]);
    };
    try {
      await publishUpTo(this.inFlight);
      for (let i = 0; i < tasks.length; i++) {
        await this.waitFor(assembler, i, tasks.length);
        const { genomes, distances, keys } = assembler.take(i);
        await reduce({ task: tasks[i], genomes, distances, keys });
        await publishUpTo(i + 1 + this.inFlight);
      }
    } finally {
      this.stats.duplicateParts += assembler.duplicates;
      this.assembler = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { manager, connection } = this.engine;
    try {
      this.messages.stop();
      // A run that lost the server has nothing to clean up there (and must not wait on it).
      if (this.failure !== undefined) return;
      // Nothing of this run stays queued: tasks not yet taken, results of chunks redone after the fact.
      await manager.streams.purge(TASK_STREAM, { filter: taskSubject(this.run) }).catch(() => undefined);
      await manager.consumers.delete(RESULT_STREAM, this.consumerName).catch(() => undefined);
      await manager.streams.purge(RESULT_STREAM, { filter: resultSubject(this.run) }).catch(() => undefined);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  private async publish(phase: number, task: ChunkTask): Promise<void> {
    const { config } = this;
    const length = config.buffers.genomeLength;
    const walks = task.iteration > 0;
    const message: TaskMessage = {
      schema_version: PROTOCOL_VERSION, run: this.run, phase, iteration: task.iteration, chunk: task.chunk,
      start: walks ? 0 : task.start, count: task.count,
      first_index: walks ? new Int32Array(config.buffers.seedIndex)[task.start] : 0,
      space: config.space, seed: config.seed.toString(), radius: config.radius, per_seed: config.perSeed, kernel: kernelDigest(),
      seeds: walks ? Buffer.from(new Uint8Array(config.buffers.seeds, task.start * length, task.count * length)).toString("base64") : "",
    };
    try {
      await this.js.publish(taskSubject(this.run), encodeTask(message), { msgID: `${this.run}.${phase}.${task.chunk}` });
    } catch (error) {
      this.fail(`cannot queue chunk ${task.chunk} on the NATS server at ${this.engine.url}: ${describe(error)}`);
      this.checkFailure();
    }
    this.stats.tasks++;
  }

  /** Reads the run's result messages for as long as the executor lives. */
  private async gather(): Promise<void> {
    try {
      for await (const message of this.messages) this.accept(message);
      if (!this.closed) this.fail(`the NATS server at ${this.engine.url} stopped delivering this run's results (was it restarted?)`);
    } catch (error) {
      if (!this.closed) this.fail(error instanceof LissnasError ? error.message : `lost this run's results on the NATS server at ${this.engine.url}: ${describe(error)}`);
    }
  }

  private accept(message: JsMsg): void {
    this.lastResult = performance.now();
    this.stats.resultParts++;
    let result;
    try {
      result = decodeResult(message.data);
    } catch (error) {
      message.ack();
      this.fail(`a worker sent an unreadable result: ${describe(error)}`);
      return;
    }
    message.ack();
    const assembler = this.assembler;
    // Results of an earlier phase are redone work arriving late.
    if (assembler === undefined || result.phase !== assembler.phase) {
      this.stats.duplicateParts++;
      return;
    }
    if (isResultError(result)) {
      this.fail(`a worker could not compute chunk ${result.chunk} of phase ${result.phase}: ${result.message}`);
      return;
    }
    try {
      if (assembler.add(result)) this.wake?.();
    } catch (error) {
      this.fail(describe(error));
    }
  }

  private async waitFor(assembler: ChunkAssembler, chunk: number, chunks: number): Promise<void> {
    while (!assembler.has(chunk)) {
      this.checkFailure();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 1000).unref();
      });
      this.wake = undefined;
      if (!assembler.has(chunk) && (performance.now() - this.lastResult) / 1000 >= STALL_NOTICE_SECONDS) {
        this.lastResult = performance.now();
        await this.noticeStall(chunk, chunks);
      }
    }
    this.checkFailure();
  }

  private async noticeStall(chunk: number, chunks: number): Promise<void> {
    let workers = "";
    try {
      const info = await this.engine.manager.consumers.info(TASK_STREAM, WORKER_CONSUMER);
      workers = info.num_waiting === 0 && info.num_ack_pending === 0 ? "; no worker is taking tasks (start `lissnas worker --connect URL`)"
        : `; ${info.num_ack_pending} task(s) held by workers`;
    } catch {
      workers = "; no worker has connected yet (start `lissnas worker --connect URL`)";
    }
    this.notice(`waiting for chunk ${chunk + 1} of ${chunks} from workers on ${this.engine.url}${workers}`);
  }

  private fail(detail: string): void {
    this.failure ??= new LissnasError("E_ENGINE", detail);
    this.wake?.();
  }

  private checkFailure(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
