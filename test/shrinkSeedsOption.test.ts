// `shrink --num-seeds` (seeds per iteration), whose old name `--seeds` is one letter from `--seed`
// (the random seed): the old name still works, with a warning, and the two cannot be mixed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./helpers/cli.js";

const work = mkdtempSync(path.join(tmpdir(), "lissnas-num-seeds-"));
// --strata 0: the top seeds alone, so the trace's seed column is the count given.
const BASE = ["shrink", "nb201", "--predictor", "synthetic:4", "--seed", "5", "--initial", "100", "--max-iter", "2", "--strata", "0", "--quiet"];

test("--seeds, the deprecated name of --num-seeds, warns on stderr and shrinks exactly as --num-seeds does", () => {
  const current = runCli([...BASE, "--num-seeds", "3", "--out", path.join(work, "current")]);
  const old = runCli([...BASE, "--seeds", "3", "--out", path.join(work, "old")]);
  const other = runCli([...BASE, "--num-seeds", "7", "--out", path.join(work, "other")]);
  for (const run of [current, old, other]) assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(current.stderr, /deprecated/);
  assert.match(old.stderr, /--seeds is deprecated and will be removed; use --num-seeds/);
  const space = (dir: string) => readFileSync(path.join(work, dir, "space.jsonl"), "utf8");
  assert.equal(space("old"), space("current"));
  assert.notEqual(space("other"), space("current"), "the seed count changes the result");
  assert.match(current.stdout, /^\s*1\s+\d+\s+3\s/m, "iteration 1 grew 3 seeds");
});

test("--num-seeds and --seeds together, and a count that is neither an integer nor a fraction, are refused naming the option", () => {
  const both = runCli([...BASE, "--num-seeds", "3", "--seeds", "3", "--out", path.join(work, "both")]);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--seeds is the deprecated name of --num-seeds; give --num-seeds only/);
  const fractional = runCli([...BASE, "--num-seeds", "2.5", "--out", path.join(work, "bad")]);
  assert.equal(fractional.status, 2);
  assert.match(fractional.stderr, /--num-seeds must be a count \(integer >= 1\) or a fraction in \(0, 1\); found 2\.5/);
});
