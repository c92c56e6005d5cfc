import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { shrink, type ScoringModel } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { renderShrinkFiles, shrinkFileContents, writeShrinkResult } from "../src/shrink/output.js";
import { ShrunkSpaceSampler } from "../src/shrink/sampler.js";
import { resolveShrinkOptions } from "../src/shrink/options.js";

const nb201 = getSpace("nb201");
const nb301 = getSpace("nb301");

test("a shrink run is deterministic for a seed and differs for another", async () => {
  const model = new SyntheticLandscape(nb301, 4n);
  const options = { seed: 9n, initial: 500, perSeed: 50, maxIterations: 3 };
  const a = await shrink(nb301, model, options);
  const b = await shrink(nb301, model, options);
  const c = await shrink(nb301, model, { ...options, seed: 10n });
  assert.deepEqual(a.members.batch(), b.members.batch());
  assert.deepEqual(Array.from(a.members.scores.subarray(0, a.members.count)), Array.from(b.members.scores.subarray(0, b.members.count)));
  assert.notDeepEqual(a.members.batch(), c.members.batch());
});

test("the returned space is the last one whose mean rose, and every member lies within the radius of its pocket's seed", async () => {
  const model = new SyntheticLandscape(nb301, 2n);
  const result = await shrink(nb301, model, { seed: 3n, initial: 800, perSeed: 60, radius: 4 });
  const chosen = result.trace[result.chosenIteration];
  assert.equal(chosen.size, result.members.count);
  for (let i = 1; i <= result.chosenIteration; i++) assert.ok(result.trace[i].mean > result.trace[i - 1].mean);
  if (result.chosenIteration + 1 < result.trace.length) {
    assert.ok(!(result.trace[result.chosenIteration + 1].mean > chosen.mean), "the loop stops when the mean no longer rises");
  }
  assert.ok(result.members.meanScore() > result.trace[0].mean);
  const kernels = new SpaceKernels(nb301);
  const length = nb301.genomeLength;
  const seeds = new Uint8Array(result.members.count * length);
  for (let i = 0; i < result.members.count; i++) seeds.set(result.pockets[result.pocketOf[i]].seed, i * length);
  const distances = kernels.editDistances(seeds, result.members.batch());
  assert.ok(distances.every((d) => d <= 4));
  assert.equal(new Set(Array.from(result.members.keys.subarray(0, result.members.count))).size, result.members.count, "members are unique");
});

test("the paper's admission keeps more neighbours than the fixed bar, which keeps a better mean", async () => {
  const model = new SyntheticLandscape(nb201, 5n);
  const all = await shrink(nb201, model, { seed: 1n, admission: "all", maxIterations: 1 });
  const bar = await shrink(nb201, model, { seed: 1n, admission: "above-bar", maxIterations: 1 });
  assert.ok(all.trace[1].size > bar.trace[1].size);
  assert.ok(bar.trace[1].mean > all.trace[1].mean);
});

test("architectures a predictor cannot score (NaN) are left out of the space", async () => {
  const inner = new SyntheticLandscape(nb201, 1n);
  const model: ScoringModel = {
    description: "half unknown", digest: "x",
    predict: async (genomes) => (await inner.predict(genomes)).map((score, i) => (genomes[i * 6] === 0 ? NaN : score)),
  };
  const result = await shrink(nb201, model, { seed: 2n, maxIterations: 2 });
  for (let i = 0; i < result.members.count; i++) {
    assert.notEqual(result.members.genome(i)[0], 0);
    assert.ok(Number.isFinite(result.members.scores[i]));
  }
});

test("shrink options are validated with messages that name the option", () => {
  assert.throws(() => resolveShrinkOptions(nb201, { radius: 7 }), /--radius must be an integer in 1\.\.6 for nb201; found 7/);
  assert.throws(() => resolveShrinkOptions(nb201, { seeds: 0 }), /--seeds must be a count/);
  assert.throws(() => resolveShrinkOptions(nb201, { seeds: 2.5 }), /--seeds must be a count/);
  assert.throws(() => resolveShrinkOptions(nb201, { initial: 0 }), /--initial must be a positive integer/);
  assert.throws(() => resolveShrinkOptions(nb201, { barQuantile: 2 }), /--bar-quantile must be in \[0, 1\]/);
  assert.throws(() => resolveShrinkOptions(nb201, { admission: "some" as never }), /--admission must be one of all, above-mean, above-bar/);
});

test("the output files hold every member with its pocket, and the sampler draws uniformly from them", async () => {
  const result = await shrink(nb201, new SyntheticLandscape(nb201, 1n), { seed: 4n });
  const files = renderShrinkFiles(result, { predictor: { description: "synthetic", digest: "d" } });
  const rows = files["space.jsonl"].trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(rows.length, result.members.count);
  const pockets = files["pockets.jsonl"].trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(pockets.reduce((sum, p) => sum + p.members, 0), rows.length);
  const manifest = JSON.parse(files["manifest.json"]);
  assert.equal(manifest.size, rows.length);
  assert.equal(manifest.parameters.seed, "4");
  assert.equal(manifest.trace.length, result.trace.length);
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-shrink-")), "run");
  writeShrinkResult(dir, result, { predictor: { description: "synthetic", digest: "d" } });
  const sampler = ShrunkSpaceSampler.fromDirectory(dir, 7n);
  assert.equal(sampler.manifest.space, "nb201");
  const counts = new Map<string, number>();
  const draws = rows.length * 50;
  for (const row of sampler.sample(draws)) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
  assert.equal(counts.size, rows.length, "every member is drawn");
  const expected = draws / rows.length;
  const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  assert.ok(chiSquare < rows.length + 6 * Math.sqrt(2 * rows.length), `chi-square ${chiSquare} for ${rows.length} cells`);
  assert.deepEqual(ShrunkSpaceSampler.fromDirectory(dir, 7n).sample(20), ShrunkSpaceSampler.fromDirectory(dir, 7n).sample(20));
});

test("space.jsonl is produced in chunks while it is written, never as one string, and the written file equals the rendered one", async () => {
  const result = await shrink(nb201, new SyntheticLandscape(nb201, 1n), { seed: 5n });
  const info = { predictor: { description: "synthetic", digest: "d" } };
  const files = shrinkFileContents(result, info, undefined, 7);
  const content = files["space.jsonl"];
  assert.notEqual(typeof content, "string");
  const chunks = [...(content as Iterable<string>)];
  assert.equal(chunks.length, Math.ceil(result.members.count / 7));
  for (const chunk of chunks) assert.ok(chunk.split("\n").length - 1 <= 7);
  const rendered = renderShrinkFiles(result, info);
  assert.equal(chunks.join(""), rendered["space.jsonl"]);
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-stream-")), "run");
  writeShrinkResult(dir, result, info);
  assert.equal(readFileSync(path.join(dir, "space.jsonl"), "utf8"), rendered["space.jsonl"]);
});

test("sampling from an output directory reads only the drawn lines and draws what the in-memory sampler draws; a bad line is named", async () => {
  const result = await shrink(nb201, new SyntheticLandscape(nb201, 1n), { seed: 6n });
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-sampler-")), "run");
  const info = { predictor: { description: "synthetic", digest: "d" } };
  writeShrinkResult(dir, result, info);
  const rows = renderShrinkFiles(result, info)["space.jsonl"].trim().split("\n").map((line) => JSON.parse(line));
  const fromFile = ShrunkSpaceSampler.fromDirectory(dir, 9n);
  assert.equal(fromFile.size, rows.length);
  assert.deepEqual(fromFile.sample(500), new ShrunkSpaceSampler(rows, 9n).sample(500));
  const spaceFile = path.join(dir, "space.jsonl");
  writeFileSync(spaceFile, "\n" + readFileSync(spaceFile, "utf8").replace(/\n[^\n]*\n$/, "\n{broken\n"));
  const broken = ShrunkSpaceSampler.fromDirectory(dir, 9n);
  assert.throws(() => { for (let i = 0; i < 50; i++) broken.sample(rows.length); }, new RegExp(`space\\.jsonl:${rows.length + 1}: not valid JSON`));
});
