// `lissnas worker`: takes chunk tasks of any run from the engine's work queue, one at a time, computes
// them (walk or sample, canonicalise, key: the WASM core, as the local pool's threads do), publishes
// the result to the run's result subject and only then acknowledges the task. A worker that dies
// holding a task never acknowledges it; the server hands it to another worker after the ack wait.
import type { JsMsg } from "nats";
import { LissnasError } from "../errors.js";
import { connectEngine, declareQueues, describe, DEFAULT_ACK_WAIT_SECONDS } from "./engine.js";
import { TASK_STREAM, WORKER_CONSUMER, decodeTask, encodeResultError, encodeResultParts, resultSubject, rowsPerPart, type TaskMessage } from "./protocol.js";
import { TaskRunner } from "./taskRunner.js";

export interface WorkerOptions {
  /** Seconds a task may stay unacknowledged before the server redelivers it (sets the shared consumer). */
  ackWaitSeconds?: number;
  /** Test hook: sleep this long after taking each task, before computing it (so a test can kill a worker holding one). */
  pauseMs?: number;
  /** One line per task and lifecycle event (default: silent). */
  log?: (text: string) => void;
  /** Resolves when the worker should stop (e.g. on SIGTERM). */
  stop?: Promise<void>;
}

export interface WorkerSummary {
  tasks: number;
  rows: number;
  failed: number;
}

export async function runWorker(url: string, options: WorkerOptions = {}): Promise<WorkerSummary> {
  const log = options.log ?? (() => undefined);
  const engine = await connectEngine(url, "lissnas worker");
  const summary: WorkerSummary = { tasks: 0, rows: 0, failed: 0 };
  let stopping = false;
  try {
    const ackWait = options.ackWaitSeconds ?? DEFAULT_ACK_WAIT_SECONDS;
    await declareQueues(engine, ackWait);
    const js = engine.connection.jetstream();
    const perPartFor = (genomeLength: number) => rowsPerPart(genomeLength, engine.connection.info?.max_payload ?? 1 << 20);
    const runner = new TaskRunner();
    // One task at a time: a prefetched task's ack wait would run while it waits here.
    const take = async () => (await js.consumers.get(TASK_STREAM, WORKER_CONSUMER)).consume({ max_messages: 1, abort_on_missing_resource: true });
    let messages = await take();
    const lost = engine.connection.closed().then((error) => {
      if (!stopping) throw new LissnasError("E_ENGINE", `lost the NATS server at ${url}${error ? `: ${describe(error)}` : ""}`);
    });
    void options.stop?.then(() => {
      stopping = true;
      messages.stop();
    });
    log(`worker connected to ${url}; taking tasks from ${TASK_STREAM}`);
    const handle = async (message: JsMsg) => {
      let task: TaskMessage;
      try {
        task = decodeTask(message.data, message.subject);
      } catch (error) {
        // Unreadable: no driver can be told which chunk; drop it rather than redeliver it forever.
        log(`dropped an unreadable task on ${message.subject}: ${describe(error)}`);
        message.term();
        summary.failed++;
        return;
      }
      const name = `${task.run.slice(0, 8)}/${task.phase}/${task.chunk}`;
      log(`task ${name} (iteration ${task.iteration}, ${task.count} ${task.iteration === 0 ? "samples" : "seeds"})`);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      let parts: Uint8Array[];
      try {
        const rows = runner.run(task);
        parts = encodeResultParts(task.phase, task.chunk, rows.genomeLength, rows.genomes, rows.distances, rows.keys, perPartFor(rows.genomeLength));
        summary.rows += rows.keys.length;
      } catch (error) {
        // The driver fails its run with the reason instead of waiting for a chunk no worker can compute.
        summary.failed++;
        log(`task ${name} failed: ${describe(error)}`);
        parts = [encodeResultError(task.phase, task.chunk, describe(error))];
      }
      try {
        for (const part of parts) await js.publish(resultSubject(task.run), part);
      } catch (error) {
        // Not delivered: leave the task to be redone (here or by another worker).
        log(`task ${name}: cannot publish its result (${describe(error)}); handing it back`);
        message.nak();
        return;
      }
      message.ack();
      summary.tasks++;
    };
    const serve = (async () => {
      while (!stopping) {
        try {
          for await (const message of messages) {
            await handle(message);
          }
        } catch (error) {
          log(`the task queue went away (${describe(error)})`);
        }
        if (stopping) break;
        // A server restarted within the reconnect window comes back without its in-memory queues.
        log("declaring the task queue again");
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await declareQueues(engine, ackWait);
        messages = await take();
      }
    })();
    await Promise.race([serve, lost]);
    log(`worker stopping after ${summary.tasks} tasks (${summary.rows} rows)`);
    return summary;
  } finally {
    stopping = true;
    await engine.connection.drain().catch(() => engine.connection.close().catch(() => undefined));
  }
}
