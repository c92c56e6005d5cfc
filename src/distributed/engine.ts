// The connection to the messaging engine (a NATS server with JetStream) and the queues lissnas keeps
// there. Both sides declare the queues idempotently, so drivers and workers may start in any order.
import { connect, RetentionPolicy, StorageType, AckPolicy, DeliverPolicy, nanos, type NatsConnection, type JetStreamManager } from "nats";
import { LissnasError } from "../errors.js";
import { TASK_STREAM, RESULT_STREAM, TASK_SUBJECTS, RESULT_SUBJECTS, WORKER_CONSUMER } from "./protocol.js";

/** How long a worker may hold a task unacknowledged before the server hands it to another (default). */
export const DEFAULT_ACK_WAIT_SECONDS = 30;

/** Reconnect attempts (1 s apart) before a connection counts as lost. */
const RECONNECT_ATTEMPTS = 5;

export interface Engine {
  url: string;
  connection: NatsConnection;
  manager: JetStreamManager;
}

/** Connects to `url` (nats://HOST:PORT) and checks that JetStream is enabled; errors name the URL. */
export async function connectEngine(url: string, name: string): Promise<Engine> {
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: url, name, maxReconnectAttempts: RECONNECT_ATTEMPTS, reconnectTimeWait: 1000, timeout: 5000 });
  } catch (error) {
    throw new LissnasError("E_ENGINE", `cannot reach the NATS server at ${url} (--connect): ${describe(error)}`);
  }
  try {
    const manager = await connection.jetstreamManager();
    return { url, connection, manager };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new LissnasError("E_ENGINE", `the NATS server at ${url} has no JetStream (start it with -js): ${describe(error)}`);
  }
}

/**
 * Declares the two work-queue streams (in memory: tasks and results are transient, the driver holds
 * the run) and, when `ackWaitSeconds` is given, the workers' shared consumer with that ack wait.
 */
export async function declareQueues(engine: Engine, ackWaitSeconds?: number): Promise<void> {
  const { manager, url } = engine;
  const stream = async (name: string, subjects: string, maxAgeSeconds: number) => {
    try {
      await manager.streams.add({
        name, subjects: [subjects], retention: RetentionPolicy.Workqueue, storage: StorageType.Memory,
        // Leftovers of runs whose driver died expire instead of piling up.
        max_age: nanos(maxAgeSeconds * 1000),
      });
    } catch (error) {
      throw new LissnasError("E_ENGINE", `cannot declare the stream ${name} on the NATS server at ${url}: ${describe(error)}`);
    }
  };
  await stream(TASK_STREAM, TASK_SUBJECTS, 24 * 3600);
  await stream(RESULT_STREAM, RESULT_SUBJECTS, 3600);
  if (ackWaitSeconds === undefined) return;
  const config = {
    durable_name: WORKER_CONSUMER, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitSeconds * 1000), filter_subject: TASK_SUBJECTS, max_deliver: -1,
  };
  try {
    await manager.consumers.add(TASK_STREAM, config);
  } catch {
    // It exists with another ack wait: the last worker started sets it.
    try {
      await manager.consumers.update(TASK_STREAM, WORKER_CONSUMER, { ack_wait: config.ack_wait });
    } catch (error) {
      throw new LissnasError("E_ENGINE", `cannot declare the consumer ${WORKER_CONSUMER} on the NATS server at ${url}: ${describe(error)}`);
    }
  }
}

export function describe(error: unknown): string {
  const e = error as { message?: string; code?: string };
  return e.message ?? String(error);
}
