// Fault test: a shrink killed in its write phase leaves its output absent or complete (never partial),
// SIGINT/SIGTERM clean up at once, and what a SIGKILL leaves is removed by the next run on that path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./helpers/cli.js";
import { startCli, waitForEntry, leftovers } from "./helpers/cliProcess.js";

// Large enough that writing space.jsonl (~50,000 DARTS genotypes, ~24 MB) takes a few seconds: the
// temporary folder appears, and the kill lands while it is being filled.
const LARGE = ["shrink", "nb301", "--predictor", "synthetic:1", "--initial", "2000", "--num-seeds", "50", "--per-seed", "1000",
  "--max-iter", "2", "--admission", "all", "--quiet", "--json"];
const SMALL = ["shrink", "nb301", "--predictor", "synthetic:2", "--initial", "200", "--max-iter", "1", "--quiet", "--json"];

/** The output is absent, or complete: its manifest parses and space.jsonl holds manifest.size rows. */
function assertAbsentOrComplete(out: string): "absent" | "complete" {
  if (!existsSync(out)) return "absent";
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as { size: number };
  const rows = readFileSync(path.join(out, "space.jsonl"), "utf8").split("\n").filter((line) => line !== "").length;
  assert.equal(rows, manifest.size, "space.jsonl complete");
  return "complete";
}

async function killInWritePhase(args: string[], dir: string, signal: NodeJS.Signals) {
  const run = startCli(args, dir);
  const temporary = await waitForEntry(dir, /^\.lissnas-tmp-\d+-/, run);
  assert.ok(temporary !== undefined, "the run reached its write phase");
  run.child.kill(signal);
  return run.finished;
}

for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
  test(`a shrink stopped by ${signal} while writing removes its temporary folder and lock, exits ${code}, and writes nothing`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lissnas-killed-"));
    const result = await killInWritePhase([...LARGE, "--out", "run"], dir, signal);
    assert.equal(result.status, code, result.stderr);
    assert.match(result.stderr, new RegExp(`interrupted by ${signal}`));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(assertAbsentOrComplete(path.join(dir, "run")), "absent");
    assert.deepEqual(leftovers(dir), []);
  });
}

test("a shrink killed with SIGKILL while writing leaves no partial output, and the next run removes its temporary folder", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-killed-"));
  const result = await killInWritePhase([...LARGE, "--out", "run"], dir, "SIGKILL");
  assert.equal(result.signal, "SIGKILL");
  assert.equal(assertAbsentOrComplete(path.join(dir, "run")), "absent");
  assert.ok(leftovers(dir).every((name) => /^\.lissnas-(tmp|lock)-/.test(name)), leftovers(dir).join(", "));
  const next = runCli([...SMALL, "--out", "run"], undefined, dir);
  assert.equal(next.status, 0, next.stderr);
  assert.equal(assertAbsentOrComplete(path.join(dir, "run")), "complete");
  assert.deepEqual(leftovers(dir), []);
});

test("a --force replacement killed with SIGKILL while writing leaves the earlier output whole", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-killed-"));
  assert.equal(runCli([...SMALL, "--out", "run"], undefined, dir).status, 0);
  const earlier = readFileSync(path.join(dir, "run", "space.jsonl"), "utf8");
  const result = await killInWritePhase([...LARGE, "--out", "run", "--force"], dir, "SIGKILL");
  assert.equal(result.signal, "SIGKILL");
  assert.equal(assertAbsentOrComplete(path.join(dir, "run")), "complete");
  assert.equal(readFileSync(path.join(dir, "run", "space.jsonl"), "utf8"), earlier, "the earlier output, untouched");
  // Without --force the next run refuses the earlier output, and still clears what the killed run left.
  const refused = runCli([...SMALL, "--out", "run"], undefined, dir);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /output directory exists and is not empty/);
  assert.deepEqual(leftovers(dir), []);
});
