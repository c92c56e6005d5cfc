import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { openPredictor, type Predictor } from "../src/predict/predictor.js";
import { parseModelUrl } from "../src/predict/inferencePredictor.js";
import { getEncoding } from "../src/predict/features.js";
import { shrink } from "../src/shrink/lissnas.js";
import { shrinkFileContents } from "../src/shrink/output.js";
import { sharedPath, needsShared } from "./helpers/shared.js";
import { startInferenceServer, type RunningServer, type ServerOptions } from "./helpers/inferenceServer.js";
import { rejection } from "./helpers/rejection.js";

const nb201 = getSpace("nb201");
const GOLDEN_MODEL = sharedPath("golden/xgb_nb201_onehot.onnx");
const FEATURES = "nb201/onehot@1";
const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const servers: RunningServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

async function serve(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startInferenceServer({ modelFile: GOLDEN_MODEL, width: 30, ...options });
  servers.push(server);
  return server;
}

/** Every nb201 cell (15,625 genomes), in a fixed order. */
function allCells(): Uint8Array {
  const cells = new Uint8Array(15625 * 6);
  for (let i = 0; i < 15625; i++) {
    let rest = i;
    for (let gene = 0; gene < 6; gene++) {
      cells[i * 6 + gene] = rest % 5;
      rest = Math.floor(rest / 5);
    }
  }
  return cells;
}

async function inProcessScores(genomes: Uint8Array): Promise<Float32Array> {
  const local = await openPredictor(GOLDEN_MODEL, nb201, { features: FEATURES });
  try {
    return await local.predict(genomes);
  } finally {
    await local.close?.();
  }
}

async function scoresThrough(url: string, genomes: Uint8Array, options: Parameters<typeof openPredictor>[2] = {}): Promise<Float32Array> {
  const predictor = await openPredictor(url, nb201, { features: FEATURES, ...options });
  try {
    return await predictor.predict(genomes);
  } finally {
    await predictor.close?.();
  }
}

test("4 requests in flight answered out of order (random delays) give exactly the in-process engine's scores on all 15,625 nb201 cells", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  // Deterministic pseudo-random delays: later requests often finish first.
  const server = await serve({ delayMs: (n) => ((n * 7919) % 13) * 3 });
  const cells = allCells();
  const remote = await scoresThrough(server.modelUrl, cells, { batchSize: 500, inflight: 4 });
  assert.deepEqual(remote, await inProcessScores(cells));
  assert.equal(server.stats.inferRequests, 32);
  assert.equal(server.stats.rows, 15625);
  assert.ok(server.stats.maxConcurrent > 1, `requests overlapped (at most ${server.stats.maxConcurrent} at once)`);
});

test("a shrink scored through the inference server writes the same space.jsonl, byte for byte, as one scored by the in-process engine", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const server = await serve({ delayMs: (n) => (n * 31) % 7 });
  const spaceText = async (model: Predictor) => {
    const result = await shrink(nb201, model, { seed: 5n });
    await model.close?.();
    return [...shrinkFileContents(result, { predictor: model })["space.jsonl"] as Iterable<string>].join("");
  };
  const local = await spaceText(await openPredictor(GOLDEN_MODEL, nb201, { features: FEATURES }));
  const remote = await spaceText(await openPredictor(server.modelUrl, nb201, { features: FEATURES, batchSize: 64, inflight: 4 }));
  assert.ok(local.split("\n").length > 100, "the space is not trivial");
  assert.equal(remote, local);
});

test("503 answers and dropped connections are retried and the scores are unchanged", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  // The first two attempts of every 3rd request fail, alternately with a 503 and a dropped connection.
  const server = await serve({ fault: (n) => (n % 3 === 0 && n < 40 ? (n % 2 === 0 ? "503" : "drop") : undefined) });
  const cells = allCells().subarray(0, 3000 * 6);
  const remote = await scoresThrough(server.modelUrl, cells, { batchSize: 200, inflight: 3, retries: 6 });
  assert.deepEqual(remote, await inProcessScores(cells));
  assert.ok(server.stats.faults >= 5, `faults injected: ${server.stats.faults}`);
  assert.equal(server.stats.rows, 3000);
});

test("a server that keeps answering 503 gives an error naming the URL, the status and the number of attempts", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const server = await serve({ fault: () => "503" });
  const error = await rejection(scoresThrough(server.modelUrl, allCells().subarray(0, 60), { retries: 2 }));
  assert.equal(error.code, "E_PREDICTOR");
  assert.match(error.message, new RegExp(`${server.modelUrl.replace(/[./]/g, "\\$&")}/infer`));
  assert.match(error.message, /failed after 3 attempts; last: HTTP 503 Service Unavailable: .*model is loading/);
  assert.equal(server.stats.inferRequests, 3);
});

test("a 4xx answer is not retried: the error quotes the server's message", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const server = await serve({ fault: () => "400" });
  const error = await rejection(scoresThrough(server.modelUrl, allCells().subarray(0, 60), { retries: 5 }));
  assert.match(error.message, /batch 0: POST .*\/infer answered HTTP 400 Bad Request: .*unexpected input shape/);
  assert.equal(server.stats.inferRequests, 1);
});

test("a request slower than the timeout fails naming the timeout; a call slower than the deadline fails naming the deadline", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  // Only infer answers are late; the metadata comes at once.
  const server = await serve({ delayMs: () => 1500 });
  const cells = allCells().subarray(0, 60);
  const slow = await rejection(scoresThrough(server.modelUrl, cells, { timeoutSeconds: 0.3, retries: 1 }));
  assert.match(slow.message, /failed after 2 attempts; last: no answer within 0\.3 s/);
  const late = await rejection(scoresThrough(server.modelUrl, cells, { timeoutSeconds: 10, deadlineSeconds: 0.5 }));
  assert.match(late.message, /deadline exceeded: the batches of one call were not all answered within 0\.5 s/);
});

test("a model whose metadata says BYTES is sent the architectures' text forms", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const server = await serve({ bytesInput: { space: nb201, encoding: getEncoding(FEATURES, nb201) } });
  const cells = allCells().subarray(0, 2000 * 6);
  const predictor = await openPredictor(server.modelUrl, nb201, { batchSize: 300, inflight: 2 });
  assert.match(predictor.description, /BYTES: architecture texts/);
  await assert.rejects(predictor.predict(Uint8Array.of(0, 0, 7, 0, 0, 0)), /genome 0: gene 2 is 7; expected 0\.\.4/);
  assert.deepEqual(await predictor.predict(cells), await inProcessScores(cells));
});

test("the model's metadata is checked against the encoding: a wrong width, two inputs and an unknown datatype are errors", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const wide = await serve({ width: 31 });
  assert.match((await rejection(openPredictor(wide.modelUrl, nb201, { features: FEATURES }))).message,
    /model input "input" has shape \[-1, 31\]; encoding nb201\/onehot@1 sends \[N, 30\]/);
  const two = await serve({ metadata: { name: "lissnas", inputs: [{ name: "a", datatype: "FP32", shape: [-1, 30] }, { name: "b", datatype: "FP32", shape: [-1, 1] }], outputs: [{ name: "y", datatype: "FP32", shape: [-1, 1] }] } });
  assert.match((await rejection(openPredictor(two.modelUrl, nb201))).message, /the model takes 2 inputs \(a, b\); expected one/);
  const ints = await serve({ metadata: { name: "lissnas", inputs: [{ name: "a", datatype: "INT64", shape: [-1, 30] }], outputs: [{ name: "y", datatype: "FP32", shape: [-1, 1] }] } });
  assert.match((await rejection(openPredictor(ints.modelUrl, nb201))).message, /takes INT64; expected FP32 or FP64 feature rows, or BYTES/);
  const missing = await serve({ name: "other" });
  const notFound = await rejection(openPredictor(missing.modelUrl.replace("/other", "/nothing"), nb201));
  assert.match(notFound.message, /model metadata: GET .*\/v2\/models\/nothing answered HTTP 404/);
});

test("a server that is not listening fails after the retries, naming the URL and the connection error", async () => {
  // A port that was just free: nothing listens there.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const error = await rejection(openPredictor(`http://127.0.0.1:${port}/v2/models/m`, nb201, { retries: 1 }));
  assert.match(error.message, new RegExp(`^http://127\\.0\\.0\\.1:${port}/v2/models/m: model metadata: GET .* failed after 2 attempts; last: connection failed \\(ECONNREFUSED\\)`));
});

test("model URLs are parsed with their version; other URLs and invalid options are refused with messages naming them", async () => {
  assert.deepEqual(parseModelUrl("http://host:8000/v2/models/xgb/versions/3/"), { modelUrl: "http://host:8000/v2/models/xgb/versions/3", name: "xgb", version: "3" });
  assert.equal(parseModelUrl("https://gw.example/prefix/v2/models/a%20b").name, "a b");
  assert.throws(() => parseModelUrl("http://host:8000/models/xgb"), /written http\(s\):\/\/HOST:PORT\/v2\/models\/NAME/);
  await assert.rejects(openPredictor("http://127.0.0.1:9/v2/models/m", nb201, { inflight: 0 }), /inflight must be an integer in 1\.\.1024; found 0/);
  await assert.rejects(openPredictor("http://127.0.0.1:9/v2/models/m", nb201, { timeoutSeconds: -1 }), /timeoutSeconds must be a number of seconds > 0; found -1/);
});

/** Runs the CLI without blocking this process's event loop (the server answers from it). */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = "", stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("`lissnas shrink --predictor http://…/v2/models/NAME --inflight 4` runs against the server and its manifest names it", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.train_archs.txt"), async () => {
  const server = await serve({ delayMs: (n) => n % 5 });
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-v2-")), "run");
  const result = await runCliAsync(["shrink", "nb201", "--predictor", server.modelUrl, "--features", FEATURES, "--inflight", "4", "--batch-size", "100",
    "--seed", "2", "--out", out, "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  assert.equal(manifest.predictor.description, `v2:${server.modelUrl} (${FEATURES})`);
  assert.match(manifest.predictor.digest, /^[0-9a-f]{64}$/);
  assert.ok(server.stats.rows > 1000);
  const failing = await serve({ fault: () => "503" });
  const failed = await runCliAsync(["predict", "nb201", "--predictor", failing.modelUrl, "--retries", "0"]
    .concat([sharedPath("golden/xgb_nb201_onehot.train_archs.txt")]));
  assert.equal(failed.status, 2);
  assert.match(failed.stderr, /^lissnas: http:\/\/127\.0\.0\.1:\d+\/v2\/models\/lissnas\/infer: batch 0: POST .* failed after 1 attempts; last: HTTP 503/);
  const bad = await runCliAsync(["shrink", "nb201", "--predictor", server.modelUrl, "--inflight", "0", "--out", out]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--inflight must be in 1\.\.1024; found 0/);
});
