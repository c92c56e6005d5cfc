import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import type { SearchSpace } from "../src/spaces/space.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor, type PredictorOptions } from "../src/predict/predictor.js";
import { splitCommandLine } from "../src/predict/commandLine.js";
import { shrink } from "../src/shrink/lissnas.js";
import { shrinkFileContents } from "../src/shrink/output.js";
import { rejection } from "./helpers/rejection.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/scorer.py", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const nb201 = getSpace("nb201");
const nb101 = getSpace("nb101");
const work = mkdtempSync(path.join(tmpdir(), "lissnas-cmd-"));

const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasPython && process.env.CI === "true") throw new Error("python3 is required under CI=true: the example scorer's tests cannot be skipped");
const needsPython = hasPython ? {} : { skip: "python3 is not installed: the example scorer (examples/scorer.py) cannot run" };

/** A node scorer speaking the protocol, misbehaving as `mode` says; it records the handshake it got. */
const FAKE = path.join(work, "fake-scorer.mjs");
writeFileSync(FAKE, `
import { createInterface } from "node:readline";
import { writeFileSync } from "node:fs";
const [mode, record] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin });
let hello;
const out = (value) => process.stdout.write(typeof value === "string" ? value + "\\n" : JSON.stringify(value) + "\\n");
lines.on("line", (line) => {
  if (hello === undefined) {
    hello = JSON.parse(line);
    if (record) writeFileSync(record, line);
    if (mode === "bad-hello") return out("Loading model weights...");
    if (mode === "silent-hello") return;
    return out({ protocol: "lissnas-scorer", version: 1, name: "fake " + mode });
  }
  const request = JSON.parse(line);
  const scores = request.genomes.map((g) => g.reduce((a, b) => a + b, 0));
  const b = request.batch;
  if (mode === "die" && b === 1) { process.stderr.write("Traceback (most recent call last):\\nRuntimeError: CUDA out of memory\\n"); process.exit(3); }
  if (mode === "wrong-batch" && b === 1) return out({ batch: 7, scores });
  if (mode === "wrong-count") return out({ batch: b, scores: scores.slice(1) });
  if (mode === "nan") return out('{"batch": ' + b + ', "scores": [NaN' + ',1'.repeat(scores.length - 1) + ']}');
  if (mode === "null") return out({ batch: b, scores: scores.map((s, i) => (i === 2 ? null : s)) });
  if (mode === "huge") return out({ batch: b, scores: scores.map((s, i) => (i === 1 ? 1e300 : s)) });
  if (mode === "garbage") return out("oops " + "x".repeat(500));
  if (mode === "error") return out({ batch: b, error: "model file missing" });
  if (mode === "slow" && b >= 1) return;
  out({ batch: b, scores });
});
`);

function fake(mode: string, record?: string): string {
  return `cmd:${process.execPath} ${FAKE} ${mode}${record !== undefined ? " " + record : ""}`;
}

/** Scores `genomes` through a fresh scorer, closing it afterwards. */
async function scoreWith(spec: string, space: SearchSpace, genomes: Uint8Array, options: PredictorOptions = {}): Promise<Float32Array> {
  const predictor = await openPredictor(spec, space, options);
  try {
    return await predictor.predict(genomes);
  } finally {
    await predictor.close?.();
  }
}

/** The example scorer's formula, in TypeScript: the reference its answers are checked against. */
function exampleScores(space: SearchSpace, genomes: Uint8Array): Float32Array {
  const length = space.genomeLength;
  const out = new Float32Array(genomes.length / length);
  for (let i = 0; i < out.length; i++) {
    let total = 0;
    for (let g = 0; g < length; g++) total += (((g + 1) * 7919 + (genomes[i * length + g] + 1) * 104729) % 1009) / 1009;
    out[i] = total;
  }
  return out;
}

const sample = (space: SearchSpace, count: number, seed = 3n) => new SpaceKernels(space).sample(count, seed);

test("the example Python scorer answers, in JSON and in binary mode, exactly its formula's scores (nb201, nb101)", needsPython, async () => {
  for (const space of [nb201, nb101]) {
    const genomes = sample(space, 5000);
    const expected = exampleScores(space, genomes);
    assert.deepEqual(await scoreWith(`cmd:python3 ${EXAMPLE}`, space, genomes, { batchSize: 777 }), expected);
    assert.deepEqual(await scoreWith(`cmd:python3 ${EXAMPLE} --format binary`, space, genomes, { batchSize: 1000 }), expected);
  }
});

test("two shrinks through the example scorer with batch sizes 7 and 4096 write the same space.jsonl, byte for byte", needsPython, async () => {
  const spaceText = async (batchSize: number, format: string) => {
    const model = await openPredictor(`cmd:python3 ${EXAMPLE} --format ${format}`, nb201, { batchSize });
    const result = await shrink(nb201, model, { seed: 4n });
    await model.close?.();
    return [...shrinkFileContents(result, { predictor: model })["space.jsonl"] as Iterable<string>].join("");
  };
  const large = await spaceText(4096, "json");
  assert.ok(large.split("\n").length > 100);
  assert.equal(await spaceText(7, "json"), large);
  assert.equal(await spaceText(7, "binary"), large);
});

test("`lissnas shrink --predictor cmd:\"python3 examples/scorer.py\"` runs the scorer and its manifest names it", needsPython, async () => {
  const out = path.join(work, "shrink-cmd");
  const result = spawnSync(process.execPath, [BIN, "shrink", "nb201", "--predictor", `cmd:python3 "${EXAMPLE}"`, "--seed", "1", "--out", out, "--quiet"],
    { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  assert.match(manifest.predictor.description, /^cmd:python3 ".*scorer\.py" \(examples\/scorer\.py gene-hash proxy for nb201\)$/);
  const rows = readFileSync(path.join(out, "space.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
  const genomes = new Uint8Array(rows.length * 6);
  rows.forEach((row, i) => genomes.set(nb201.parse(row.arch), i * 6));
  const expected = exampleScores(nb201, genomes);
  // space.jsonl rounds scores to 4 decimals.
  rows.forEach((row, i) => assert.ok(Math.abs(row.score - expected[i]) <= 5e-5, `${row.arch}: ${row.score} vs ${expected[i]}`));
});

test("the scorer receives the handshake, then each architecture's text, genome and canonical key, and scores in order", async () => {
  const record = path.join(work, "hello.json");
  const genomes = sample(nb201, 100);
  const scores = await scoreWith(fake("ok", record), nb201, genomes, { batchSize: 30 });
  const hello = JSON.parse(readFileSync(record, "utf8"));
  assert.deepEqual(hello, { protocol: "lissnas-scorer", version: 1, space: "nb201", genome_length: 6, cardinalities: [5, 5, 5, 5, 5, 5],
    encodings: ["nb201/onehot@1", "nb201/genome-onehot@1"], formats: ["json", "binary"] });
  for (let i = 0; i < 100; i++) assert.equal(scores[i], genomes.subarray(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0));
});

test("a JSON request carries archs, genomes and keys that match lissnas' own text forms and keys", async () => {
  // A scorer that echoes its first request to a file, then answers zeros.
  const echo = path.join(work, "echo.mjs");
  const seen = path.join(work, "request.json");
  writeFileSync(echo, `import { createInterface } from "node:readline"; import { writeFileSync } from "node:fs";
let n = 0; createInterface({ input: process.stdin }).on("line", (line) => {
  if (n++ === 0) return process.stdout.write(JSON.stringify({ protocol: "lissnas-scorer", version: 1 }) + "\\n");
  const r = JSON.parse(line); if (r.batch === 0) writeFileSync(${JSON.stringify(seen)}, line);
  process.stdout.write(JSON.stringify({ batch: r.batch, scores: r.archs.map(() => 0) }) + "\\n"); });`);
  const kernels = new SpaceKernels(nb101);
  const genomes = sample(nb101, 20);
  await scoreWith(`cmd:${process.execPath} ${echo}`, nb101, genomes);
  const request = JSON.parse(readFileSync(seen, "utf8"));
  assert.equal(request.batch, 0);
  assert.deepEqual(request.keys, kernels.keyTexts(kernels.canonicalize(genomes).genomes));
  assert.deepEqual(request.genomes, Array.from({ length: 20 }, (_, i) => Array.from(genomes.subarray(i * 26, i * 26 + 26))));
  request.archs.forEach((arch: string, i: number) => assert.deepEqual(nb101.parse(arch), genomes.subarray(i * 26, i * 26 + 26)));
});

test("a scorer that dies is reported with the batch, its exit code and its last stderr lines", async () => {
  const error = await rejection(scoreWith(fake("die"), nb201, sample(nb201, 100), { batchSize: 40 }));
  assert.equal(error.code, "E_PREDICTOR");
  assert.match(error.message, /fake-scorer\.mjs die \(fake die\): batch 1: the scorer process ended before answering: it exited with code 3; its stderr ended with:\n {2}Traceback \(most recent call last\):\n {2}RuntimeError: CUDA out of memory/);
});

test("wrong answers are errors naming the batch and what the scorer said (truncated)", async () => {
  const genomes = sample(nb201, 100);
  const cases: Array<[string, RegExp]> = [
    ["wrong-batch", /batch 1: expected the answer to batch 1 \(answers come in order\); the scorer said "\{\\"batch\\":7,/],
    ["wrong-count", /batch 0: expected 40 scores \(one per architecture\); the scorer answered 39/],
    ["nan", /batch 0: expected one JSON object per line; the scorer said .*\(NaN and Infinity are not JSON; a score must be a finite number\)/],
    ["null", /batch 0: score 2 is "null"; expected a finite number/],
    ["garbage", /batch 0: expected one JSON object per line; the scorer said "oops x+…" \(505 characters\)/],
    ["error", /batch 0: the scorer reported an error: "model file missing"/],
    ["bad-hello", /handshake: expected one JSON object per line; the scorer said "Loading model weights\.\.\."/],
  ];
  for (const [mode, pattern] of cases) {
    const error = await rejection(scoreWith(fake(mode), nb201, genomes, { batchSize: 40 }));
    assert.match(error.message, pattern, mode);
  }
});

test("a score that does not fit a float (1e300) is reported as non-finite with its architecture", async () => {
  const error = await rejection(scoreWith(fake("huge"), nb201, sample(nb201, 10)));
  assert.match(error.message, /batch 0: the model's output for architecture \|.*\| is Infinity; expected a finite score/);
});

test("a batch or a handshake slower than the timeout fails naming the batch and the option", async () => {
  // Long enough for the scorer to start on a busy machine; batch 1 never comes.
  const slow = await rejection(scoreWith(fake("slow"), nb201, sample(nb201, 100), { batchSize: 40, timeoutSeconds: 2 }));
  assert.match(slow.message, /batch 1: no answer within 2 s \(raise it with --scorer-timeout\)/);
  const silent = await rejection(openPredictor(fake("silent-hello"), nb201, { timeoutSeconds: 0.3 }));
  assert.match(silent.message, /handshake: no answer within 0\.3 s/);
});

test("after a failure the predictor refuses further batches with the same error; close() ends the scorer process", async () => {
  const predictor = await openPredictor(fake("wrong-count"), nb201);
  const first = await rejection(predictor.predict(sample(nb201, 5)));
  const again = await rejection(predictor.predict(sample(nb201, 5)));
  assert.equal(again.message, first.message);
  await predictor.close?.();
  const ok = await openPredictor(fake("ok"), nb201);
  const pid = (ok as unknown as { child: { pid: number } }).child.pid;
  assert.doesNotThrow(() => process.kill(pid, 0), "the scorer runs while the predictor is open");
  await ok.predict(sample(nb201, 5));
  await assert.rejects(ok.predict(Uint8Array.of(0, 0, 0, 0, 0, 9)), /genome 0: gene 5 is 9; expected 0\.\.4/);
  assert.equal((await ok.predict(sample(nb201, 5))).length, 5, "an invalid genome leaves the scorer usable");
  await ok.close?.();
  assert.throws(() => process.kill(pid, 0), /ESRCH/, "the scorer has exited after close()");
  await assert.rejects(ok.predict(sample(nb201, 5)), /the scorer process is closed/);
});

test("a program that does not exist or exits at once is an error naming it", async () => {
  assert.match((await rejection(openPredictor("cmd:no-such-scorer-program --x", nb201))).message, /cannot start the scorer "no-such-scorer-program": no such program/);
  assert.match((await rejection(openPredictor(`cmd:${process.execPath} -e "process.exit(5)"`, nb201))).message,
    /the scorer process ended before its handshake: it exited with code 5/);
});

test("the command is split into words like a shell does, without running one", () => {
  assert.deepEqual(splitCommandLine(`python3 "my scorer.py" --tag 'a b' x\\ y "q\\"uote" ''`), ["python3", "my scorer.py", "--tag", "a b", "x y", 'q"uote', ""]);
  assert.deepEqual(splitCommandLine("  a   $HOME;ls  "), ["a", "$HOME;ls"]);
  assert.throws(() => splitCommandLine(`python3 "open`), /unterminated " quote/);
  assert.throws(() => splitCommandLine("   "), /found an empty command/);
});

test("the CLI reports a failing scorer without a stack, exit code 2", async () => {
  const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, "shrink", "nb201", "--predictor", fake("die"), "--batch-size", "50", "--seed", "1", "--out", path.join(work, "never")]);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stderr }));
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^lissnas: cmd:.*: batch 1: the scorer process ended before answering: it exited with code 3/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
