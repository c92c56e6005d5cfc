// Every command that prints: a failed write to stdout other than a closed pipe (a full disk) is a clear
// message and exit 2, never an unhandled 'error' event or a stack; a closed pipe stops the command quietly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, spawn } from "node:child_process";
import { existsSync, openSync, closeSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { BIN } from "./helpers/cliProcess.js";
import { runCli } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";
import { LineWriter } from "../src/io/lineWriter.js";
import { LissnasError } from "../src/errors.js";
import { systemErrorReason } from "../src/io/systemError.js";

const CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const OTHER = "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

/** Runs the CLI with stdout on /dev/full (every write fails with ENOSPC). */
function runIntoFullDisk(args: string[], input?: string) {
  const full = openSync("/dev/full", "w");
  try {
    const result = spawnSync(process.execPath, [BIN, ...args], { input, stdio: ["pipe", full, "pipe"], encoding: "utf8" });
    return { status: result.status, stderr: result.stderr };
  } finally {
    closeSync(full);
  }
}

const NO_FULL = existsSync("/dev/full") ? false : "this system has no /dev/full";

test("every printing command reports a full disk on stdout as one clear line and exit 2", { skip: NO_FULL || needsShared("data/nb201/nb201.jsonl").skip }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-full-"));
  const model = path.join(dir, "model.onnx");
  const shrinkOut = path.join(dir, "shrunk");
  const table = `table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`;
  const rows = `${JSON.stringify({ arch: CELL })}\n${JSON.stringify({ arch: OTHER })}\n`;
  const training = sharedPath("data/nb201/nb201.jsonl");
  const cases: Array<[string[], string?]> = [
    [["sample", "nb201", "-n", "10"]],
    [["sample", "nb201", "-n", "200000"]], // many chunks: the command stops at the first failed one
    [["sample", "nb201", "-n", "10", "--format", "parquet"]],
    [["sample", "nb201", "-n", "200000", "--format", "parquet"]], // row groups written before the footer: the first fails
    [["spaces"]],
    [["spaces", "--json"]],
    [["size", "nb201"]],
    [["enumerate", "nb201", "--quiet"]],
    [["hash", "nb201", "-"], rows],
    [["predict", "nb201", "--predictor", table, "-"], rows],
    [["neighbours", "nb201", CELL, "--radius", "1", "--all"]],
    [["distance", "nb201", CELL, OTHER]],
    [["shrink", "nb201", "--predictor", "synthetic:1", "--initial", "100", "--max-iter", "1", "--quiet", "--out", shrinkOut]],
    [["sample", "--from", shrinkOut, "-n", "5"]],
    [["fit", "nb201", "--data", training, "--target", "test_acc", "--rounds", "5", "--quiet", "--out", model]],
    [["--help"]],
    [["sample", "--help"]],
  ];
  for (const [args, input] of cases) {
    const result = runIntoFullDisk(args, input);
    assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /^lissnas: cannot write to standard output: no space left on device\n$/, args.join(" "));
  }
});

test("a reader that closes the pipe early stops the command with exit 0 and nothing on stderr", async () => {
  const child = spawn(process.execPath, [BIN, "sample", "nb201", "-n", "5000000"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  child.stdout.once("data", () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  assert.equal(status, 0, stderr);
  assert.equal(stderr, "");
});

test("a LineWriter on a stream that fails throws a LissnasError naming the reason, and keeps throwing", async () => {
  const failing = new Writable({
    highWaterMark: 16,
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
    },
  });
  const out = new LineWriter(failing);
  await out.write("x".repeat(100));
  await assert.rejects(out.flush(), (error: unknown) => error instanceof LissnasError && /cannot write to the output stream: no space left on device/.test(error.message));
  await out.write("y");
  await assert.rejects(out.flush(), LissnasError);
});

test("a LineWriter waits for a slow stream to drain and writes every line in order", async () => {
  const sink = new PassThrough({ highWaterMark: 8 });
  const out = new LineWriter(sink);
  let received = "";
  sink.setEncoding("utf8");
  const reading = (async () => {
    for await (const chunk of sink) received += chunk;
  })();
  for (let i = 0; i < 20000; i++) await out.write(String(i));
  await out.flush();
  sink.end();
  await reading;
  assert.equal(received, Array.from({ length: 20000 }, (_, i) => `${i}\n`).join(""));
});

test("system errors read as their plain reason", () => {
  assert.equal(systemErrorReason(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })), "no space left on device");
  assert.equal(systemErrorReason(Object.assign(new Error("EACCES: permission denied, open '/x/y'"), { code: "EACCES" })), "permission denied");
  assert.equal(systemErrorReason(Object.assign(new Error("EXDEV: cross-device link not permitted, rename '/a' -> '/b'"), { code: "EXDEV" })),
    "cross-device link not permitted");
  assert.equal(systemErrorReason(new Error("plain")), "plain");
});

test("report prints after writing its file: a full stdout is still reported, and the file is written", { skip: NO_FULL }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-full-report-"));
  const run = path.join(dir, "run");
  assert.equal(runCli(["shrink", "nb201", "--predictor", "synthetic:1", "--initial", "100", "--max-iter", "1", "--quiet", "--out", run]).status, 0);
  const result = runIntoFullDisk(["report", run, "--out", path.join(dir, "report.html")]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /cannot write to standard output: no space left on device/);
  assert.ok(existsSync(path.join(dir, "report.html")), "the report file itself is written");
});
