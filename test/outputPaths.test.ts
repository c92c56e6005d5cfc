// Output paths on the command line: refused before any work when they cannot take the output (a file in
// the way, an existing result without --force), and claimed exclusively, so two runs into one --out never
// both succeed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./helpers/cli.js";
import { startCli, waitForEntry, leftovers } from "./helpers/cliProcess.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

function assertUserError(result: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace for a user error");
}

const tempDir = (name: string) => mkdtempSync(path.join(tmpdir(), `lissnas-${name}-`));
const NB201 = sharedPath("data/nb201/nb201.jsonl");
// A shrink that runs for a few seconds: long enough for a second run to start while it holds --out.
const LONG_SHRINK = ["shrink", "nb301", "--predictor", "synthetic:1", "--initial", "2000", "--num-seeds", "50", "--per-seed", "1000",
  "--max-iter", "2", "--admission", "all", "--quiet", "--json"];
const QUICK_SHRINK = ["shrink", "nb201", "--predictor", "synthetic:3", "--initial", "100", "--max-iter", "1", "--quiet", "--json"];

test("demo refuses an existing non-empty --out without --force and leaves it intact; with --force it replaces it", () => {
  const dir = tempDir("demo");
  const out = path.join(dir, "lissnas-demo");
  mkdirSync(out);
  writeFileSync(path.join(out, "keep.txt"), "earlier result");
  assertUserError(runCli(["demo", "--out", out, "--quiet"]), /output directory exists and is not empty; pass --force/);
  assert.equal(readFileSync(path.join(out, "keep.txt"), "utf8"), "earlier result");
  // Without --out the demo never meets an earlier result: it takes the next free name and leaves the old one intact.
  const fresh = runCli(["demo", "--quiet"], undefined, dir);
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.equal(readFileSync(path.join(out, "keep.txt"), "utf8"), "earlier result");
  assert.deepEqual(readdirSync(path.join(dir, "lissnas-demo-2")).sort(), ["manifest.json", "pockets.jsonl", "space.jsonl"]);
  const forced = runCli(["demo", "--out", out, "--quiet", "--force"]);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(readdirSync(out).sort(), ["manifest.json", "pockets.jsonl", "space.jsonl"]);
  assert.deepEqual(leftovers(dir), []);
});

test("two shrinks started together into one --out: exactly one succeeds, the other exits 2 saying why", async () => {
  const dir = tempDir("race");
  const runs = [startCli([...LONG_SHRINK, "--out", "run"], dir), startCli([...LONG_SHRINK, "--seed", "9", "--out", "run"], dir)];
  const results = await Promise.all(runs.map((run) => run.finished));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [0, 2], results.map((r) => r.stderr).join("\n"));
  const loser = results.find((r) => r.status === 2)!;
  assert.match(loser.stderr, /another lissnas run \((pid \d+|starting)\) is writing this output|output directory exists and is not empty/);
  assert.doesNotMatch(loser.stderr, /\n\s+at /);
  // The result is the winner's, whole.
  const winner = JSON.parse(results.find((r) => r.status === 0)!.stdout) as { size: number };
  const manifest = JSON.parse(readFileSync(path.join(dir, "run", "manifest.json"), "utf8")) as { size: number };
  assert.equal(manifest.size, winner.size);
  assert.deepEqual(leftovers(dir), []);
});

test("--force does not break the claim: a run into an --out that another run is writing exits 2 before any work", async () => {
  const dir = tempDir("force-race");
  const first = startCli([...LONG_SHRINK, "--out", "run", "--force"], dir);
  assert.ok(await waitForEntry(dir, /^\.lissnas-lock-run$/, first), "the first run holds --out");
  // Stopped while it holds the claim, so the contenders meet it however fast the machine is.
  first.child.kill("SIGSTOP");
  try {
    for (const args of [[...QUICK_SHRINK, "--out", "run", "--force"], ["demo", "--out", "run", "--force", "--quiet"]]) {
      assertUserError(runCli(args, undefined, dir), /run: another lissnas run \(pid \d+\) is writing this output; wait for it to end or choose another --out/);
    }
    const evaluate = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--out", "run", "--force"], undefined, dir);
    assertUserError(evaluate, /another lissnas run \(pid \d+\) is writing this output/);
  } finally {
    first.child.kill("SIGCONT");
  }
  const result = await first.finished;
  assert.equal(result.status, 0, result.stderr);
  assert.ok(existsSync(path.join(dir, "run", "manifest.json")));
  assert.deepEqual(leftovers(dir), []);
});

test("--out naming a file, or a path under a file, is a clear error for shrink, demo and evaluate, with or without --force", () => {
  const dir = tempDir("out-file");
  const file = path.join(dir, "notes.txt");
  writeFileSync(file, "not a folder");
  const commands: Array<{ args: string[]; option: string }> = [
    { args: [...QUICK_SHRINK], option: "--out" },
    { args: ["demo", "--quiet"], option: "--out" },
    { args: ["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--seeds", "1"], option: "--out" },
  ];
  for (const { args } of commands) {
    for (const force of [[], ["--force"]]) {
      assertUserError(runCli([...args, "--out", file, ...force]), /notes\.txt: --out names an existing file, not a directory/);
      assertUserError(runCli([...args, "--out", path.join(file, "run"), ...force]), /--out is a path under .*notes\.txt, which is a file, not a folder/);
      assertUserError(runCli([...args, "--out", path.join(file, "a", "b"), ...force]), /--out is a path under .*notes\.txt, which is a file/);
    }
  }
  assert.equal(readFileSync(file, "utf8"), "not a folder");
  assert.deepEqual(leftovers(dir), []);
});

test("shrink refuses an existing --out before any work: before the predictor is even opened", () => {
  const dir = tempDir("early");
  mkdirSync(path.join(dir, "run"));
  writeFileSync(path.join(dir, "run", "keep.txt"), "x");
  // A predictor that does not exist: the output check comes first, so it is the error reported.
  const result = runCli(["shrink", "nb301", "--predictor", path.join(dir, "missing.onnx"), "--out", path.join(dir, "run"), "--quiet"]);
  assertUserError(result, /run: output directory exists and is not empty; pass --force/);
  const started = performance.now();
  assertUserError(runCli([...LONG_SHRINK, "--out", path.join(dir, "run")]), /output directory exists and is not empty/);
  assert.ok(performance.now() - started < 5000, "refused without running the shrink");
});

test("evaluate refuses a bad --report path before any work and before writing --out", () => {
  const dir = tempDir("report");
  const file = path.join(dir, "notes.txt");
  writeFileSync(file, "x");
  mkdirSync(path.join(dir, "folder"));
  const missingTruth = path.join(dir, "missing.jsonl");
  for (const [report, message] of [
    [path.join(file, "report.html"), /--report is a path under .*notes\.txt, which is a file, not a folder/],
    [path.join(dir, "folder"), /--report names an existing directory; give a file path/],
    [path.join(dir, "out", "sub", "report.html"), /--report is inside --out .*out, which this run writes as a whole/],
  ] as const) {
    // The truth file does not exist: an error about --report shows it was checked before reading anything.
    const result = runCli(["evaluate", "nb201", "--truth", missingTruth, "--target", "test_acc", "--out", path.join(dir, "out"), "--report", report]);
    assertUserError(result, message);
    assert.equal(existsSync(path.join(dir, "out")), false, "--out not written");
  }
  assert.deepEqual(leftovers(dir), []);
});

test("evaluate --report directly inside --out is written with the directory's other files", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = tempDir("report-in-out");
  const out = path.join(dir, "out");
  const result = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--seeds", "1", "--methods", "lissnas,full",
    "--out", out, "--report", path.join(out, "report.html"), "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  assert.ok(readdirSync(out).includes("evaluation.json"));
  assert.match(readFileSync(path.join(out, "report.html"), "utf8"), /<svg/);
  assert.deepEqual(leftovers(dir), []);
});

test("a refused run leaves no folder it created for its output", () => {
  const dir = tempDir("created");
  writeFileSync(path.join(dir, "notes.txt"), "x");
  const out = path.join(dir, "a", "b", "run");
  // The report path fails after --out's parent folders were created for its claim: they are removed again.
  const result = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--out", out, "--report", path.join(dir, "notes.txt", "r.html")]);
  assertUserError(result, /--report is a path under/);
  assert.deepEqual(readdirSync(dir), ["notes.txt"]);
});
