// OutputClaim: one owner per output path at a time, what killed runs left removed by the next claim, and
// a directory swapped in whole or not at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OutputClaim, takeClaims, processAlive } from "../src/io/outputClaim.js";
import { writeDirectoryAtomic, writeFileAtomic } from "../src/io/atomicWrite.js";
import { LissnasError } from "../src/errors.js";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "lissnas-claim-"));

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ["-e", ""]).pid!;
  assert.equal(processAlive(pid), false);
  return pid;
}

const isCode = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof LissnasError && error.code === code && pattern.test(error.message);

test("a path is claimed once at a time: a second claim is refused until the first is released", () => {
  const dir = tempDir();
  const out = path.join(dir, "run");
  const first = OutputClaim.take(out, { kind: "directory", option: "--out" });
  assert.equal(readFileSync(path.join(dir, ".lissnas-lock-run"), "utf8"), `${process.pid}\n`);
  assert.throws(() => OutputClaim.take(out, { kind: "directory", force: true, option: "--out" }), isCode("E_IO", /--out names a path this run already writes to/));
  first.release();
  assert.deepEqual(readdirSync(dir), []);
  OutputClaim.take(out, { kind: "directory" }).release();
});

test("a claim held by another live process is refused, naming its pid", async () => {
  const dir = tempDir();
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
  try {
    writeFileSync(path.join(dir, ".lissnas-lock-run"), `${sleeper.pid}\n`);
    assert.throws(() => OutputClaim.take(path.join(dir, "run"), { kind: "directory", option: "--out" }),
      isCode("E_OUTPUT_EXISTS", new RegExp(`another lissnas run \\(pid ${sleeper.pid}\\) is writing this output`)));
    assert.equal(readFileSync(path.join(dir, ".lissnas-lock-run"), "utf8"), `${sleeper.pid}\n`, "the live lock is untouched");
  } finally {
    sleeper.kill();
  }
});

test("the lock, temporary folder and stale lock copies of a dead run are removed by the next claim", () => {
  const dir = tempDir();
  const pid = deadPid();
  writeFileSync(path.join(dir, ".lissnas-lock-run"), `${pid}\n`);
  mkdirSync(path.join(dir, `.lissnas-tmp-${pid}-run`));
  writeFileSync(path.join(dir, `.lissnas-tmp-${pid}-run`, "space.jsonl"), "partial");
  writeFileSync(path.join(dir, `.lissnas-stale-${pid}-run`), `${pid}\n`);
  // Leftovers of other outputs are theirs to clean.
  mkdirSync(path.join(dir, `.lissnas-tmp-${pid}-other`));
  const claim = OutputClaim.take(path.join(dir, "run"), { kind: "directory" });
  assert.deepEqual(readdirSync(dir).sort(), [".lissnas-lock-run", `.lissnas-tmp-${pid}-other`]);
  claim.release();
});

test("a run killed between the two renames of a --force swap: the next claim puts the earlier output back", () => {
  const dir = tempDir();
  const pid = deadPid();
  mkdirSync(path.join(dir, `.lissnas-old-${pid}-run`));
  writeFileSync(path.join(dir, `.lissnas-old-${pid}-run`, "manifest.json"), "earlier");
  const claim = OutputClaim.take(path.join(dir, "run"), { kind: "directory", force: true });
  assert.equal(readFileSync(path.join(dir, "run", "manifest.json"), "utf8"), "earlier");
  claim.release();
  // Without --force the restored output is then refused, as any existing one.
  mkdirSync(path.join(dir, `.lissnas-old-${pid}-run`));
  assert.throws(() => OutputClaim.take(path.join(dir, "run"), { kind: "directory" }), isCode("E_OUTPUT_EXISTS", /exists and is not empty/));
  assert.deepEqual(readdirSync(dir), ["run"], "an old copy beside a present output is removed");
});

test("a lock holding this process's pid but no claim of it is from an earlier process with the same pid: stale", () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, ".lissnas-lock-run"), `${process.pid}\n`);
  mkdirSync(path.join(dir, `.lissnas-tmp-${process.pid}-run`));
  const claim = OutputClaim.take(path.join(dir, "run"), { kind: "directory" });
  assert.deepEqual(readdirSync(dir), [".lissnas-lock-run"]);
  claim.release();
});

test("a lock without a pid is a run starting up; it is stale only once it is old", () => {
  const dir = tempDir();
  const lock = path.join(dir, ".lissnas-lock-run");
  writeFileSync(lock, "");
  assert.throws(() => OutputClaim.take(path.join(dir, "run"), { kind: "directory" }), isCode("E_OUTPUT_EXISTS", /another lissnas run \(starting\)/));
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(lock, minuteAgo, minuteAgo);
  OutputClaim.take(path.join(dir, "run"), { kind: "directory" }).release();
  assert.deepEqual(readdirSync(dir), []);
});

test("writeDirectory swaps the new files in with --force, and without it refuses an output that appeared meanwhile", async () => {
  const dir = tempDir();
  const out = path.join(dir, "run");
  mkdirSync(out);
  writeFileSync(path.join(out, "old.txt"), "old");
  const forced = OutputClaim.take(out, { kind: "directory", force: true });
  await forced.writeDirectory({ "a.txt": "A", "b.jsonl": ["1\n", "2\n"] });
  forced.release();
  assert.deepEqual(readdirSync(out).sort(), ["a.txt", "b.jsonl"]);
  assert.equal(readFileSync(path.join(out, "b.jsonl"), "utf8"), "1\n2\n");

  const other = path.join(dir, "other");
  const claim = OutputClaim.take(other, { kind: "directory" });
  mkdirSync(other);
  writeFileSync(path.join(other, "theirs.txt"), "written outside lissnas");
  await assert.rejects(claim.writeDirectory({ "a.txt": "A" }), isCode("E_OUTPUT_EXISTS", /exists and is not empty/));
  claim.release();
  assert.deepEqual(readdirSync(other), ["theirs.txt"]);
  assert.deepEqual(readdirSync(dir).sort(), ["other", "run"], "no temporary folder or lock left");
});

test("a failure while writing removes the temporary folder and leaves the earlier output in place", async () => {
  const dir = tempDir();
  const out = path.join(dir, "run");
  mkdirSync(out);
  writeFileSync(path.join(out, "keep.txt"), "earlier");
  const claim = OutputClaim.take(out, { kind: "directory", force: true });
  function* failing(): Generator<string> {
    yield "first chunk\n";
    throw new Error("the producer failed");
  }
  await assert.rejects(claim.writeDirectory({ "space.jsonl": { [Symbol.iterator]: failing } }), /cannot write output directory: the producer failed/);
  claim.release();
  assert.deepEqual(readdirSync(dir), ["run"]);
  assert.equal(readFileSync(path.join(out, "keep.txt"), "utf8"), "earlier");
});

test("paths that cannot take the output are refused with the option named, and folders created for them removed", () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "file"), "x");
  mkdirSync(path.join(dir, "folder"));
  assert.throws(() => OutputClaim.take(path.join(dir, "file"), { kind: "directory", option: "--out" }), isCode("E_IO", /--out names an existing file, not a directory/));
  assert.throws(() => OutputClaim.take(path.join(dir, "file", "x", "y"), { kind: "directory", force: true, option: "--out" }),
    isCode("E_IO", /--out is a path under .*file, which is a file, not a folder/));
  assert.throws(() => OutputClaim.take(path.join(dir, "folder"), { kind: "file", option: "--report" }), isCode("E_IO", /--report names an existing directory/));
  assert.throws(() => OutputClaim.check(path.join(dir, "file", "m.onnx"), { kind: "file", option: "--out" }), isCode("E_IO", /--out is a path under/));
  assert.throws(() => OutputClaim.take("", { kind: "directory", force: true, option: "--out" }), isCode("E_IO", /^--out is empty; give a path$/));
  // The second claim fails after the first created a/b/: takeClaims releases the first, which removes them.
  assert.throws(() => takeClaims([
    { target: path.join(dir, "a", "b", "run"), kind: "directory", option: "--out" },
    { target: path.join(dir, "file", "r.html"), kind: "file", option: "--report" },
  ]), /--report is a path under/);
  assert.deepEqual(readdirSync(dir).sort(), ["file", "folder"]);
});

test("writeFileAtomic and writeDirectoryAtomic claim their path for the write and leave only the output", () => {
  const dir = tempDir();
  writeFileAtomic(path.join(dir, "deep", "model.onnx"), new Uint8Array([1, 2, 3]));
  writeFileAtomic(path.join(dir, "deep", "model.onnx"), "replaced");
  assert.equal(readFileSync(path.join(dir, "deep", "model.onnx"), "utf8"), "replaced");
  writeDirectoryAtomic(path.join(dir, "run"), { "x.txt": "x" }, false);
  assert.throws(() => writeDirectoryAtomic(path.join(dir, "run"), { "y.txt": "y" }, false), isCode("E_OUTPUT_EXISTS", /exists and is not empty/));
  assert.deepEqual(readdirSync(dir).sort(), ["deep", "run"]);
  assert.deepEqual(readdirSync(path.join(dir, "deep")), ["model.onnx"]);
  assert.ok(!existsSync(path.join(dir, "run", "y.txt")));
});
