// Runs past one process through a real NATS JetStream server (see helpers/natsServer.ts): worker
// processes (in network namespaces of their own when the test runs as root, else on loopback), a
// driver, and the local run they must reproduce byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers/cli.js";
import { natsServerFor, startNatsServer, natsServerBinary, freePort, type NatsServer } from "./helpers/natsServer.js";
import { createHosts, reaches, type Hosts } from "./helpers/networkNamespaces.js";
import { getSpace } from "../src/spaces/registry.js";
import { shrink } from "../src/shrink/lissnas.js";
import { renderShrinkFiles } from "../src/shrink/output.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { RemoteChunkExecutor } from "../src/distributed/remoteExecutor.js";
import { connectEngine, declareQueues } from "../src/distributed/engine.js";
import { TASK_STREAM, WORKER_CONSUMER, decodeTask, encodeResultParts, resultSubject } from "../src/distributed/protocol.js";
import { TaskRunner } from "../src/distributed/taskRunner.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));

// 20,000 samples and 3 iterations of 40 seeds x 500 walks in chunks of 2,000 items: 40 chunk tasks.
const RUN = ["shrink", "nb301", "--predictor", "synthetic:1", "--initial", "20000", "--num-seeds", "40", "--per-seed", "500", "--max-iter", "3",
  "--chunk-size", "2000", "--seed", "11", "--quiet"];

interface Spawned {
  child: ChildProcess;
  stderr: string[];
  exit: Promise<number | null>;
  onLine(listener: (line: string) => void): void;
}

/** Runs the CLI, on another host when `prefix` is a network namespace's `ip netns exec NS`. */
function spawnCli(args: string[], prefix: string[] = []): Spawned {
  const [command, ...before] = [...prefix, process.execPath];
  const child = spawn(command, [...before, BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stderr: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  let partial = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      stderr.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stderr, exit, onLine: (listener) => listeners.push(listener) };
}

function waitForLine(process: Spawned, pattern: RegExp): Promise<string> {
  const seen = process.stderr.find((line) => pattern.test(line));
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve) => process.onLine((line) => { if (pattern.test(line)) resolve(line); }));
}

/** The manifest without what may differ between equal runs: timings and the command line. */
function manifestContent(dir: string): unknown {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  delete manifest.seconds;
  delete manifest.command;
  manifest.trace = (manifest.trace as Array<Record<string, unknown>>).map(({ seconds: _, ...rest }) => rest);
  return manifest;
}

function assertSameOutput(localDir: string, remoteDir: string): void {
  for (const file of ["space.jsonl", "pockets.jsonl"]) {
    assert.ok(readFileSync(path.join(localDir, file)).equals(readFileSync(path.join(remoteDir, file))), `${file} differs from the local run's`);
  }
  assert.deepEqual(manifestContent(remoteDir), manifestContent(localDir));
}

/** A server the three worker hosts reach over veth links, or undefined (with the reason) to use loopback. */
async function serverForHosts(t: { diagnostic(message: string): void }): Promise<{ server: NatsServer; hosts: Hosts } | undefined> {
  const hosts = createHosts(3);
  if (typeof hosts === "string") {
    t.diagnostic(`workers run on loopback: no network namespaces (${hosts})`);
    return undefined;
  }
  const server = await startNatsServer(hosts.serverAddress).catch(() => undefined);
  const port = server === undefined ? 0 : Number(new URL(server.url).port);
  if (server === undefined || ![0, 1, 2].every((i) => reaches(hosts, i, hosts.serverAddress, port))) {
    await server?.kill();
    hosts.remove();
    t.diagnostic("workers run on loopback: the namespaces do not reach a server on the bridge");
    return undefined;
  }
  t.diagnostic(`workers run in 3 network namespaces, server at ${server.url} on a bridge`);
  return { server, hosts };
}

test("a run driven through NATS by three worker processes, one killed while it holds a task, writes the local run's files byte for byte",
  { timeout: 90_000 }, async (t) => {
    const separate = await serverForHosts(t);
    const server = separate?.server ?? await natsServerFor(t);
    if (server === undefined) return;
    const dir = mkdtempSync(path.join(tmpdir(), "lissnas-distributed-"));
    const local = runCli([...RUN, "--out", path.join(dir, "local")]);
    assert.equal(local.status, 0, local.stderr);

    // Each worker holds a task 150 ms before computing it, so the kill below lands while one is held.
    const workers = [0, 1, 2].map((i) => spawnCli(["worker", "--connect", server.url, "--ack-wait", "2", "--verbose", "--pause-ms", "150"],
      separate?.hosts.prefix(i)));
    try {
      await Promise.all(workers.map((worker) => waitForLine(worker, /worker connected/)));
      const victim = workers[0];
      const held = new Promise<string>((resolve) => {
        let tasks = 0;
        victim.onLine((line) => {
          const match = /task (\S+) /.exec(line);
          if (match !== null && ++tasks === 2) {
            victim.child.kill("SIGKILL");
            resolve(match[1]);
          }
        });
      });
      const driver = spawnCli([...RUN, "--out", path.join(dir, "remote"), "--connect", server.url]);
      const [killedTask, status] = await Promise.all([held, driver.exit]);
      assert.equal(status, 0, driver.stderr.join("\n"));
      assert.equal(await victim.exit, null, "the worker died by SIGKILL");
      // The chunk the killed worker held was redone by a surviving worker after the ack wait.
      const redone = workers.slice(1).some((worker) => worker.stderr.some((line) => line.includes(`task ${killedTask} `)));
      assert.ok(redone, `chunk ${killedTask} was not redone by another worker`);
      assertSameOutput(path.join(dir, "local"), path.join(dir, "remote"));
      for (const worker of workers.slice(1)) {
        worker.child.kill("SIGTERM");
        assert.equal(await worker.exit, 0, worker.stderr.join("\n"));
        assert.match(worker.stderr.join("\n"), /done: \d+ tasks/);
      }
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
      await Promise.all(workers.map((worker) => worker.exit));
      await server.kill();
      separate?.hosts.remove();
    }
  });

test("duplicate and out-of-order result parts of a chunk are ignored: the run equals a local run", { timeout: 60_000 }, async (t) => {
  const server = await natsServerFor(t);
  if (server === undefined) return;
  const space = getSpace("nb301");
  const options = { seed: 5n, initial: 6000, seeds: 12, perSeed: 400, maxIterations: 2, chunkSize: 1500 };
  const localResult = await shrink(space, new SyntheticLandscape(space, 2n), options);

  // A worker that publishes every part of every result twice, last part first (parts of 300 rows).
  const engine = await connectEngine(server.url, "test worker");
  await declareQueues(engine, 2);
  const js = engine.connection.jetstream();
  const messages = await (await js.consumers.get(TASK_STREAM, WORKER_CONSUMER)).consume({ max_messages: 1 });
  const runner = new TaskRunner();
  const serving = (async () => {
    for await (const message of messages) {
      const task = decodeTask(message.data, message.subject);
      const rows = runner.run(task);
      const parts = encodeResultParts(task.phase, task.chunk, rows.genomeLength, rows.genomes, rows.distances, rows.keys, 300);
      for (const part of [...parts].reverse()) {
        await js.publish(resultSubject(task.run), part);
        await js.publish(resultSubject(task.run), part);
      }
      message.ack();
    }
  })();
  try {
    let executor: RemoteChunkExecutor | undefined;
    const remoteResult = await shrink(space, new SyntheticLandscape(space, 2n), options, undefined, {
      chunkExecutor: async (config) => (executor = await RemoteChunkExecutor.open(server.url, config)),
    });
    const info = { predictor: { description: "synthetic", digest: "d" } };
    const localFiles = renderShrinkFiles(localResult, info);
    const remoteFiles = renderShrinkFiles(remoteResult, info);
    assert.equal(remoteFiles["space.jsonl"], localFiles["space.jsonl"]);
    assert.equal(remoteFiles["pockets.jsonl"], localFiles["pockets.jsonl"]);
    assert.ok(executor !== undefined);
    assert.ok(executor.stats.tasks >= 6, `${executor.stats.tasks} tasks`);
    assert.ok(executor.stats.duplicateParts > 0, `${executor.stats.duplicateParts} duplicates of ${executor.stats.resultParts} parts`);
  } finally {
    messages.stop();
    await serving;
    await engine.connection.close();
    await server.kill();
  }
});

test("a driver with no NATS server at --connect fails with exit 2, names the URL and writes no output", async () => {
  const port = await freePort();
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-noserver-")), "run");
  const result = runCli([...RUN, "--out", out, "--connect", `nats://127.0.0.1:${port}`]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, new RegExp(`^lissnas: cannot reach the NATS server at nats://127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  assert.equal(existsSync(out), false);
  const worker = runCli(["worker", "--connect", `nats://127.0.0.1:${port}`]);
  assert.equal(worker.status, 2);
  assert.match(worker.stderr, /cannot reach the NATS server at nats:\/\/127\.0\.0\.1/);
  const bad = runCli([...RUN, "--out", out, "--connect", "http://127.0.0.1:4222"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--connect must be a NATS server URL/);
});

test("a driver whose NATS server dies mid-run fails with exit 2 naming the URL and leaves no output", { timeout: 60_000 }, async (t) => {
  if (natsServerBinary() === undefined) {
    if (process.env.CI === "true") assert.fail("nats-server is not installed; CI must run this test");
    t.skip("nats-server is not installed (apt-get install nats-server)");
    return;
  }
  const server = (await startNatsServer())!;
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-lost-")), "run");
  const worker = spawnCli(["worker", "--connect", server.url, "--verbose", "--pause-ms", "300"]);
  try {
    await waitForLine(worker, /worker connected/);
    const driver = spawnCli([...RUN, "--out", out, "--connect", server.url]);
    await waitForLine(worker, /task /);
    await server.kill();
    assert.equal(await driver.exit, 2);
    assert.match(driver.stderr.join("\n"), new RegExp(`^lissnas: (lost|cannot queue chunk \\d+ on) the NATS server at ${server.url.replaceAll(".", "\\.")}`));
    assert.equal(existsSync(out), false, "no partial output");
    assert.equal(await worker.exit, 2, "the worker reports the loss too");
    assert.match(worker.stderr.join("\n"), /lost the NATS server/);
  } finally {
    if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await server.kill();
  }
});

test("a worker outlives a server restart: it declares the task queue again and serves the next run", { timeout: 60_000 }, async (t) => {
  if (natsServerBinary() === undefined) {
    if (process.env.CI === "true") assert.fail("nats-server is not installed; CI must run this test");
    t.skip("nats-server is not installed (apt-get install nats-server)");
    return;
  }
  let server = (await startNatsServer())!;
  const port = Number(new URL(server.url).port);
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-restart-"));
  const worker = spawnCli(["worker", "--connect", server.url, "--verbose"]);
  try {
    await waitForLine(worker, /worker connected/);
    await server.kill();
    // Back on the same port within the reconnect window, without the in-memory queues.
    server = (await startNatsServer("127.0.0.1", port))!;
    await waitForLine(worker, /declaring the task queue again/);
    const local = runCli([...RUN, "--out", path.join(dir, "local")]);
    assert.equal(local.status, 0, local.stderr);
    const driver = spawnCli([...RUN, "--out", path.join(dir, "remote"), "--connect", server.url]);
    assert.equal(await driver.exit, 0, driver.stderr.join("\n"));
    assertSameOutput(path.join(dir, "local"), path.join(dir, "remote"));
    assert.ok(worker.stderr.some((line) => line.startsWith("lissnas worker: task ")), "the restarted worker computed the run");
  } finally {
    if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await worker.exit;
    await server.kill();
  }
});
