// The locality command as a user runs it: text table, --json, and the errors of bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "./helpers/cli.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const NB201_TABLE = sharedPath("data/nb201/nb201.jsonl");
const FAST = ["--walks", "150", "--neighbours", "20"];

function assertUserError(result: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace for a user error");
}

test("locality prints the RWA and AAD tables and the radius rule line", needsShared("data/nb201/nb201.jsonl"), () => {
  const result = runCli(["locality", "nb201", "--truth", NB201_TABLE, "--target", "test_acc", ...FAST]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /estimator: true accuracy of every architecture visited \(complete table\)/);
  assert.match(result.stdout, /\n\s+k\s+RWA\s+pairs\n\s+1\s+0\.\d{4}\s+900\n/);
  assert.match(result.stdout, /\n\s+d\s+AAD\s+95% CI\s+count\n\s+1\s+\d+\.\d{4}\s+\[\d+\.\d{4}, \d+\.\d{4}\]\s+\d+\n/);
  assert.match(result.stdout, /RWA falls below 0\.3 at k = \d; radius rule maxEditDistance\/3 = 6\/3 = 2\.00 \(radius 2\)/);
});

test("locality --json holds every number and is identical for the same seed", needsShared("data/nb201/nb201.jsonl"), () => {
  const args = ["locality", "nb201", "--truth", NB201_TABLE, "--target", "test_acc", ...FAST, "--max-distance", "3", "--seed", "9", "--json"];
  const first = runCli(args);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(runCli(args).stdout, first.stdout);
  const report = JSON.parse(first.stdout);
  assert.equal(report.seed, "9");
  assert.deepEqual(report.autocorrelation.map((row: { lag: number }) => row.lag), [1, 2, 3]);
  assert.deepEqual(report.accuracy_difference.map((row: { distance: number }) => row.distance), [1, 2, 3]);
  assert.equal(report.source.kind, "truth-table");
  assert.ok(typeof report.accuracy_difference[0].low === "number" && typeof report.rwa_below_threshold.threshold === "number");
  assert.equal(report.schema_version, 2);
  assert.equal(report.direction, "max");
  assert.equal(JSON.parse(runCli([...args, "--minimize"]).stdout).direction, "min", "--minimize is recorded");
});

test("locality with a predictor says so in its output", needsShared("data/nb201/nb201.jsonl"), () => {
  const result = runCli(["locality", "nb201", "--predictor", `table:${NB201_TABLE}:test_acc`, ...FAST]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /nb201: locality of predictor table:.*nb201\.jsonl:test_acc/);
  assert.match(result.stdout, /estimator: predicted accuracy of every architecture visited \(complete predictor\)/);
});

test("locality rejects bad input with messages naming the option or field", needsShared("data/nb201/nb201.jsonl"), () => {
  const truth = ["--truth", NB201_TABLE];
  assertUserError(runCli(["locality", "nb201", ...truth, "--target", "no_such_acc", ...FAST]), /nb201\.jsonl:1: field "no_such_acc": missing; expected a number/);
  assertUserError(runCli(["locality", "nb201", ...truth, "--target", "test_acc", "--max-distance", "7"]),
    /field "--max-distance": must be at most the largest edit distance of nb201, 6; found 7/);
  assertUserError(runCli(["locality", "nb201", ...truth, "--target", "test_acc", "--walks", "0"]), /--walks must be in 1\.\.∞; found 0/);
  assertUserError(runCli(["locality", "nb201", "--truth", "/nonexistent/table.jsonl", "--target", "test_acc"]),
    /\/nonexistent\/table\.jsonl: cannot read: no such file/);
  assertUserError(runCli(["locality", "nb201", ...truth, "--target", "test_acc", "--max-distance", "4", "--walk-length", "2"]),
    /field "--walk-length": must be at least --max-distance \(4\): a walk must reach the largest lag; found 2/);
  assertUserError(runCli(["locality", "nb201", "--target", "test_acc"]), /give exactly one of --truth <FILE> \(with --target <FIELD>\) or --predictor <SPEC>/);
  assertUserError(runCli(["locality", "nb201", ...truth]), /--truth needs --target <FIELD>/);
});
