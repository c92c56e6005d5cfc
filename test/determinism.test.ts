import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { runCli } from "./helpers/cli.js";
import { getSpace } from "../src/spaces/registry.js";
import { shrink } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";

const nb301 = getSpace("nb301");

/** The manifest without what legitimately differs between two runs: wall time and the command line. */
function manifestWithoutTiming(dir: string): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  delete manifest.seconds;
  delete manifest.command;
  for (const row of manifest.trace as Array<Record<string, unknown>>) delete row.seconds;
  return manifest;
}

test("shrink writes byte-identical space and pockets files for --workers 1 and --workers 3", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-determinism-"));
  const args = ["shrink", "nb301", "--predictor", "synthetic:2", "--seed", "11", "--initial", "3000", "--num-seeds", "6",
    "--per-seed", "700", "--max-iter", "3", "--min-gain", "-1", "--quiet"];
  const one = runCli([...args, "--workers", "1", "--out", path.join(dir, "one")]);
  const three = runCli([...args, "--workers", "3", "--out", path.join(dir, "three")]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(three.status, 0, three.stderr);
  for (const file of ["space.jsonl", "pockets.jsonl"]) {
    const a = readFileSync(path.join(dir, "one", file));
    assert.ok(a.length > 1000, `${file} holds a real result`);
    assert.ok(a.equals(readFileSync(path.join(dir, "three", file))), `${file} is identical`);
  }
  assert.deepEqual(manifestWithoutTiming(path.join(dir, "one")), manifestWithoutTiming(path.join(dir, "three")));
});

test("shrink scored by a tree-ensemble model on the wasm engine writes the same files with --workers 1 and 3 (predictor on 3 threads)", needsShared("golden/xgb_nb201_onehot.onnx"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-determinism-"));
  const args = ["shrink", "nb201", "--predictor", sharedPath("golden/xgb_nb201_onehot.onnx"), "--features", "nb201/onehot@1",
    "--seed", "5", "--initial", "20000", "--quiet"];
  const one = runCli([...args, "--workers", "1", "--out", path.join(dir, "one")]);
  const three = runCli([...args, "--workers", "3", "--out", path.join(dir, "three")]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(three.status, 0, three.stderr);
  for (const file of ["space.jsonl", "pockets.jsonl"]) {
    assert.ok(readFileSync(path.join(dir, "one", file)).equals(readFileSync(path.join(dir, "three", file))), `${file} is identical`);
  }
  const oneManifest: Record<string, unknown> = manifestWithoutTiming(path.join(dir, "one"));
  const threeManifest: Record<string, unknown> = manifestWithoutTiming(path.join(dir, "three"));
  assert.match((threeManifest.predictor as { description: string }).description, /wasm trees.*3 workers/);
  delete (oneManifest.predictor as { description?: string }).description;
  delete (threeManifest.predictor as { description?: string }).description;
  assert.deepEqual(oneManifest, threeManifest);
});

test("a shrink run gives the same members, scores and trace with 1, 2 and 4 workers in the library", async () => {
  const model = new SyntheticLandscape(nb301, 5n);
  const options = { seed: 3n, initial: 2000, seeds: 4, perSeed: 300, maxIterations: 2, minGain: -1, chunkSize: 256 };
  const runs = [];
  for (const workers of [1, 2, 4]) runs.push(await shrink(nb301, model, options, undefined, { workers }));
  const [first, ...others] = runs;
  assert.ok(first.members.count > 300);
  for (const other of others) {
    assert.deepEqual(other.members.batch(), first.members.batch());
    assert.deepEqual(other.members.scores.subarray(0, other.members.count), first.members.scores.subarray(0, first.members.count));
    assert.deepEqual(other.pocketOf, first.pocketOf);
    assert.deepEqual(other.trace.map((t) => ({ ...t, seconds: 0 })), first.trace.map((t) => ({ ...t, seconds: 0 })));
    assert.equal(other.explored, first.explored);
  }
});

test("sample prints the same lines for --workers 1 and --workers 3", () => {
  const args = ["sample", "nb301", "-n", "20000", "--seed", "4", "--unique"];
  const one = runCli([...args, "--workers", "1"]).stdout;
  assert.equal(one.split("\n").length, 20001);
  assert.equal(runCli([...args, "--workers", "3"]).stdout, one);
});

test("--workers outside 1..64 is refused naming the option", () => {
  for (const value of ["0", "65", "two"]) {
    const result = runCli(["sample", "nb301", "-n", "5", "--workers", value]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--workers must be/);
  }
  assert.throws(() => shrink(nb301, new SyntheticLandscape(nb301), { initial: 10 }, undefined, { workers: 0 }), /--workers must be an integer in 1\.\.64; found 0/);
});
