// Streaming commands give the same bytes for any --workers, chunks written in input order, and a bad
// row stops the output exactly where the single-thread run stops it, naming the same file and line.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers/cli.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { readLineChunks, chunkLines } from "../src/io/lineChunks.js";
import { OrderedOutput } from "../src/io/rowPipeline.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "lissnas-rows-"));
const MODEL = sharedPath("golden/xgb_nb201_onehot.onnx");
let nb101Rows: string;
let nb201Rows: string;

before(() => {
  // Several 1 MiB chunks (hash) and several 4 MiB chunks (predict), so chunk order matters.
  const nb101 = runCli(["sample", "nb101", "-n", "12000", "--seed", "3"]);
  assert.equal(nb101.status, 0, nb101.stderr);
  nb101Rows = path.join(work, "nb101.jsonl");
  writeFileSync(nb101Rows, nb101.stdout);
  const nb201 = runCli(["sample", "nb201", "-n", "80000", "--seed", "4"]);
  assert.equal(nb201.status, 0, nb201.stderr);
  nb201Rows = path.join(work, "nb201.jsonl");
  // Rows of every shape: the sample's, Python's spacing, nested fields, and a field JSON.parse must read.
  const lines = nb201.stdout.trim().split("\n");
  lines[5] = lines[5].replace(/,/g, ", ").replace(/":/g, "\": ");
  lines[70000] = lines[70000].slice(0, -1) + ",\"acc\":1.0,\"m\":{\"a\":[1,2]}}";
  writeFileSync(nb201Rows, lines.join("\n") + "\n");
});

function sameForAnyWorkers(args: string[]): string {
  const outputs = [1, 2, 3].map((workers) => {
    const run = runCli([...args, "--workers", String(workers)]);
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  });
  assert.ok(outputs[0].length > 0);
  assert.equal(outputs[1], outputs[0], `--workers 2 differs from 1: ${args.join(" ")}`);
  assert.equal(outputs[2], outputs[0], `--workers 3 differs from 1: ${args.join(" ")}`);
  return outputs[0];
}

test("hash writes the same bytes for 1, 2 and 3 workers, rows in input order", needsShared("data/nb201/nb201.jsonl"), () => {
  const out = sameForAnyWorkers(["hash", "nb101", nb101Rows]);
  assert.equal(out.split("\n").length - 1, 12000);
  sameForAnyWorkers(["hash", "nb201", sharedPath("data/nb201/nb201.jsonl")]);
});

test("predict writes the same bytes for 1, 2 and 3 workers, rows in input order", needsShared("golden/xgb_nb201_onehot.onnx"), () => {
  const out = sameForAnyWorkers(["predict", "nb201", nb201Rows, "--model", MODEL, "--features", "nb201/onehot@1"]);
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 80000);
  assert.match(lines[70000], /"acc":1,"m":\{"a":\[1,2\]\},"pred":[0-9.]+\}$/);
  sameForAnyWorkers(["predict", "nb201", nb201Rows, "--model", MODEL, "--features", "nb201/onehot@1", "--field", "key", "--replace-field"]);
});

test("enumerate, sample and neighbours write the same bytes for 1, 2 and 3 workers", () => {
  assert.equal(sameForAnyWorkers(["enumerate", "nb201", "--quiet"]).split("\n").length - 1, 6466);
  sameForAnyWorkers(["sample", "nb101", "-n", "20000", "--seed", "9"]);
  sameForAnyWorkers(["neighbours", "nb101", JSON.stringify({ matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "output"] }),
    "--radius", "3", "--all"]);
});

test("a bad row in a later chunk stops every worker count at the same line, after the same rows", () => {
  const lines = runCli(["hash", "nb101", nb101Rows]).stdout.trim().split("\n");
  for (const [bad, code] of [["{\"arch\": 12}", "E_PARSE"], ["not json {", "E_PARSE"],
    [JSON.stringify({ arch: { matrix: [[0, 0], [0, 0]], ops: ["input", "output"] } }), "E_INVALID_ARCH"]] as const) {
    const input = runCli(["sample", "nb101", "-n", "12000", "--seed", "3"]).stdout.trim().split("\n");
    const at = 9000; // 0-based row in the third or a later 1 MiB chunk
    input[at] = bad;
    const file = path.join(work, `bad-${code}-${bad.length}.jsonl`);
    writeFileSync(file, input.join("\n") + "\n");
    for (const workers of ["1", "2", "3"]) {
      const run = runCli(["hash", "nb101", file, "--workers", workers]);
      assert.equal(run.status, 2, run.stderr);
      assert.ok(run.stderr.includes(`${file}:${at + 1}`), `${workers} workers: ${run.stderr}`);
      assert.equal(run.stdout, lines.slice(0, at).join("\n") + "\n", `${workers} workers wrote other rows before the bad one`);
    }
  }
});

test("a predict error stops the output after the rows before it, whatever the worker count", needsShared("golden/xgb_nb201_onehot.onnx"), () => {
  const input = runCli(["sample", "nb201", "-n", "70000", "--seed", "5"]).stdout.trim().split("\n");
  const at = 65000;
  input[at] = input[at].slice(0, -1) + ",\"pred\":1}";
  const file = path.join(work, "clash.jsonl");
  writeFileSync(file, input.join("\n") + "\n");
  const runs = ["1", "2", "3"].map((workers) => runCli(["predict", "nb201", file, "--model", MODEL, "--features", "nb201/onehot@1", "--workers", workers]));
  for (const run of runs) {
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${at + 1}.*already has a field "pred"`));
    assert.equal(run.stdout, runs[0].stdout);
  }
  assert.equal(runs[0].stdout.split("\n").length - 1, at);
});

test("with --format parquet, or a Parquet input, hash, predict, enumerate and sample write the same for any worker count", () => {
  const parquetOf = (args: string[]) => {
    const outputs = [1, 2].map((workers) => {
      const run = spawnSync(process.execPath, [BIN, ...args, "--workers", String(workers), "--format", "parquet"], { maxBuffer: 1 << 28 });
      assert.equal(run.status, 0, run.stderr.toString());
      return run.stdout;
    });
    assert.ok(outputs[0].length > 0);
    assert.ok(outputs[1].equals(outputs[0]), `--workers 2 differs from 1 with --format parquet: ${args.join(" ")}`);
    const file = path.join(work, `${args[0]}.parquet`);
    writeFileSync(file, outputs[0]);
    return file;
  };
  const hashed = parquetOf(["hash", "nb101", nb101Rows]);
  parquetOf(["enumerate", "nb201", "--quiet"]);
  parquetOf(["sample", "nb101", "-n", "20000", "--seed", "9"]);
  parquetOf(["predict", "nb201", nb201Rows, "--predictor", "synthetic:1"]);
  // A Parquet input is read on one thread; its JSON Lines rows are those of the JSON Lines input.
  const fromJsonl = runCli(["hash", "nb101", nb101Rows]).stdout;
  for (const workers of ["1", "2"]) {
    const fromParquet = runCli(["hash", "nb101", hashed, "--workers", workers]);
    assert.equal(fromParquet.status, 0, fromParquet.stderr);
    assert.equal(fromParquet.stdout, fromJsonl);
  }
});

test("line chunks end at line ends, hold every line once and number them as the file does", async () => {
  const text = ["a", "", "bé\r", "c".repeat(300), "d", "tail-without-newline"].join("\n");
  const file = path.join(work, "lines.txt");
  writeFileSync(file, text);
  const texts: string[] = [];
  for await (const chunk of readLineChunks(file, 16)) {
    const { texts: chunkTexts, lineCount } = chunkLines(chunk);
    assert.equal(chunkTexts.length, lineCount);
    texts.push(...chunkTexts);
  }
  assert.deepEqual(texts, ["a", "", "bé", "c".repeat(300), "d", "tail-without-newline"]);
});

test("ordered output consumes results in push order and reports a failure at its turn", async () => {
  const seen: number[] = [];
  const output = new OrderedOutput<number>(3, async (n) => {
    seen.push(n);
  });
  const later = (n: number, ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(n), ms));
  await output.push(later(0, 30));
  await output.push(later(1, 1));
  await output.push(later(2, 10));
  await output.push(Promise.reject(new Error("chunk 3 failed")));
  await assert.rejects(output.push(later(4, 1)).then(() => output.finish()), /chunk 3 failed/);
  assert.deepEqual(seen, [0, 1, 2]);
});
