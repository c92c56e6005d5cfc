import { InvalidArgumentError, Option, type Command } from "commander";
import { runWorker } from "../../distributed/worker.js";
import { DEFAULT_ACK_WAIT_SECONDS } from "../../distributed/engine.js";
import { integerOption } from "../options.js";

/** --connect: a NATS server URL (nats://HOST:PORT, tls://... ) or HOST:PORT. */
export function connectOption(name = "--connect") {
  return (text: string): string => {
    const trimmed = text.trim();
    if (!/^(nats|tls):\/\/[^\s/]+$/.test(trimmed) && !/^[^\s:/]+:\d+$/.test(trimmed)) {
      throw new InvalidArgumentError(`${name} must be a NATS server URL such as nats://HOST:4222; found "${text}"`);
    }
    return trimmed;
  };
}

interface WorkerCommandOptions {
  connect: string;
  ackWait?: number;
  verbose?: boolean;
  pauseMs?: number;
}

export function registerWorker(program: Command): void {
  program.command("worker")
    .description("take chunk tasks (walks, canonicalisation, keys) of `shrink --connect` runs from a NATS JetStream server until SIGINT/SIGTERM; run one per core")
    .requiredOption("--connect <URL>", "NATS server with JetStream, e.g. nats://HOST:4222", connectOption())
    .option("--ack-wait <S>", `seconds before a task held by a silent (dead) worker is handed to another (default ${DEFAULT_ACK_WAIT_SECONDS})`,
      integerOption("--ack-wait", { min: 1, max: 86_400 }))
    .option("--verbose", "one line per task on stderr")
    // Test-only: holds each task this long before computing it, so a test can kill a worker that holds one.
    .addOption(new Option("--pause-ms <MS>").argParser(integerOption("--pause-ms", { min: 0, max: 600_000 })).hideHelp())
    .action(async (options: WorkerCommandOptions) => {
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => { stop = resolve; });
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      const log = (text: string) => process.stderr.write(`lissnas worker: ${text}\n`);
      const summary = await runWorker(options.connect, {
        ackWaitSeconds: options.ackWait, pauseMs: options.pauseMs, stop: stopped,
        log: options.verbose ? log : (text) => { if (!text.startsWith("task ")) log(text); },
      });
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      log(`done: ${summary.tasks} tasks, ${summary.rows} rows, ${summary.failed} failed`);
    });
}
