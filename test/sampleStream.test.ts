// `sample` streams: any -n prints its first rows at once and stops cleanly when the reader closes the
// pipe, from a space and from a shrunk space (--from), which is checked as it is read.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));

/** Runs the CLI, reads `lines` lines of its stdout, then closes the pipe like `| head -N`. */
function headOf(args: string[], lines: number): Promise<{ lines: string[]; status: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    let stderr = "";
    let firstAt = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")}: no exit within 20 s (stdout ${text.length} chars)`));
    }, 20000);
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      if (text.split("\n").length > lines && firstAt === 0) {
        firstAt = performance.now() - started;
        child.stdout.destroy();
      }
    });
    child.on("exit", (status) => {
      clearTimeout(timer);
      resolve({ lines: text.split("\n").slice(0, lines), status, stderr, ms: firstAt });
    });
  });
}

let shrunk: string;

before(() => {
  shrunk = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-sample-")), "run");
  const result = runCli(["shrink", "nb201", "--predictor", "synthetic", "--out", shrunk, "--max-iter", "2", "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
});

test("sample nb201 -n 2^53-1 | head -2 prints at once and exits cleanly when the pipe closes", async () => {
  const result = await headOf(["sample", "nb201", "-n", "9007199254740991"], 2);
  assert.equal(result.lines.length, 2);
  for (const line of result.lines) assert.match(JSON.parse(line).arch as string, /^\|/);
  assert.ok(result.ms < 5000, `first rows after ${result.ms.toFixed(0)} ms`);
  assert.ok(result.status === 0 || result.status === null, `status ${result.status}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/);
});

test("sample --from DIR -n 30000000 | head -1 streams instead of drawing every row first", async () => {
  const result = await headOf(["sample", "--from", shrunk, "-n", "30000000"], 1);
  assert.equal(typeof JSON.parse(result.lines[0]).score, "number");
  assert.ok(result.ms < 5000, `first row after ${result.ms.toFixed(0)} ms`);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/);
});

test("the streamed draws are the same rows whatever the batch boundaries (-n 20000 starts with -n 10)", () => {
  const many = runCli(["sample", "--from", shrunk, "-n", "20000", "--seed", "4"]).stdout.split("\n").slice(0, 10);
  const few = runCli(["sample", "--from", shrunk, "-n", "10", "--seed", "4"]).stdout.trim().split("\n");
  assert.deepEqual(many, few);
  const spaceMany = runCli(["sample", "nb201", "-n", "300000", "--seed", "4"]).stdout.split("\n").slice(0, 5);
  const spaceFew = runCli(["sample", "nb201", "-n", "5", "--seed", "4"]).stdout.trim().split("\n");
  assert.deepEqual(spaceMany, spaceFew);
});

function corrupted(edit: (dir: string) => void): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-corrupt-")), "run");
  cpSync(shrunk, dir, { recursive: true });
  edit(dir);
  return dir;
}

function assertUserError(args: string[], pattern: RegExp): void {
  const result = runCli(args);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/);
  assert.equal(result.stdout, "");
}

test("sample --from refuses a manifest naming an unknown space, naming the manifest and field", () => {
  const dir = corrupted((d) => {
    const file = path.join(d, "manifest.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"space": "nb201"', '"space": "nb999"'));
  });
  assertUserError(["sample", "--from", dir, "-n", "2"], /manifest\.json: field "space": unknown search space "nb999"/);
});

test("sample --from refuses rows that are not members, or lack a field, naming file, line and field", () => {
  const lines = readFileSync(path.join(shrunk, "space.jsonl"), "utf8").trim().split("\n");
  const at = (index: number, text: string) => corrupted((d) => {
    const copy = [...lines];
    copy[index] = text;
    writeFileSync(path.join(d, "space.jsonl"), copy.join("\n") + "\n");
  });
  const n = String(lines.length * 20);
  assertUserError(["sample", "--from", at(2, '{"arch":"|bad~0|","key":"k","score":1,"pocket":0}'), "-n", n], /space\.jsonl:3: field "arch": expected 3 nodes/);
  const row = JSON.parse(lines[1]);
  assertUserError(["sample", "--from", at(1, JSON.stringify({ ...row, score: "high" })), "-n", n], /space\.jsonl:2: field "score": expected a finite number; found "high"/);
  assertUserError(["sample", "--from", at(1, JSON.stringify({ arch: row.arch, score: 1, pocket: 0 })), "-n", n], /space\.jsonl:2: field "key": expected a string/);
  assertUserError(["sample", "--from", at(1, "[1,2]"), "-n", n], /space\.jsonl:2: expected an object/);
  assertUserError(["sample", "--from", at(1, "{not json"), "-n", n], /space\.jsonl:2: not valid JSON/);
});

test("an empty shrunk space is refused naming its file", () => {
  const dir = corrupted((d) => writeFileSync(path.join(d, "space.jsonl"), "\n"));
  assertUserError(["sample", "--from", dir, "-n", "1"], /space\.jsonl: the shrunk space is empty/);
});

test("a byte-order mark at the start of space.jsonl and manifest.json is accepted by sample --from and report", () => {
  const dir = corrupted((d) => {
    for (const name of ["space.jsonl", "manifest.json"]) writeFileSync(path.join(d, name), "\uFEFF" + readFileSync(path.join(d, name), "utf8"));
  });
  const drawn = runCli(["sample", "--from", dir, "-n", "50", "--seed", "1"]);
  assert.equal(drawn.status, 0, drawn.stderr);
  assert.equal(jsonLines(drawn.stdout).length, 50);
  const report = runCli(["report", dir, "--out", path.join(dir, "..", "report.html")]);
  assert.equal(report.status, 0, report.stderr);
});
