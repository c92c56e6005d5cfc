import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { Ajv } from "ajv";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { runSearch } from "../src/search/search.js";
import { memberSet } from "../src/search/inputSpace.js";
import { ALGORITHMS } from "../src/search/algorithms.js";
import { runCli, jsonLines } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

const nb201 = getSpace("nb201");
const kernels = new SpaceKernels(nb201);
const classes = [...nb201.enumerate!(kernels.core)][0];
const classKeys = kernels.keys(classes);
const TABLE = () => `table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`;
const schemaFile = fileURLToPath(new URL("../../schemas/search.schema.json", import.meta.url));

function subset(indices: number[]) {
  const unique = [...new Set(indices)];
  return memberSet("subset", unique.map((i) => classes.slice(i * 6, (i + 1) * 6)), unique.map((i) => classKeys[i]), 6);
}

test("a search with --in never queries an architecture outside the given space, for any algorithm", async () => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(fc.integer({ min: 0, max: classKeys.length - 1 }), { minLength: 3, maxLength: 120 }),
    fc.constantFrom(...ALGORITHMS), fc.integer({ min: 0, max: 1000 }), fc.boolean(),
    async (indices, algorithm, seed, minimize) => {
      const members = subset(indices);
      const budget = Math.max(1, Math.min(members.count, 1 + (seed % 40)));
      const allowed = new Set(members.keys);
      const { trials } = await runSearch(nb201, { oracle: { kind: "synthetic", seed: 3n }, algorithm, budget, trials: 2, seed: BigInt(seed), minimize, members }, kernels);
      for (const trial of trials) {
        const keys = trial.values.length > 0 ? kernels.keys(trial.genomes) : [];
        assert.equal(trial.values.length, budget);
        for (const key of keys) assert.ok(allowed.has(key), `${algorithm} queried a non-member`);
      }
    }), { numRuns: 40, seed: 13 });
});

test("a search gives the same trials and summary on 1 and 2 workers", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), async () => {
  for (const algorithm of ["evolution", "predictor"]) {
    const options = { oracle: { kind: "table" as const, file: sharedPath("data/nb201/nb201.jsonl"), field: "test_acc" }, algorithm, budget: 40, trials: 5, seed: 9n };
    const one = await runSearch(nb201, { ...options, workers: 1 }, kernels);
    const two = await runSearch(nb201, { ...options, workers: 2 }, kernels);
    assert.deepEqual(two.summary, one.summary, algorithm);
    two.trials.forEach((t, i) => {
      assert.deepEqual([...t.genomes], [...one.trials[i].genomes]);
      assert.deepEqual([...t.values], [...one.trials[i].values]);
    });
  }
});

test("search --json validates against schemas/search.schema.json, inside a space and in the full space", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-search-"));
  const space = path.join(dir, "space.jsonl");
  writeFileSync(space, Array.from({ length: 60 }, (_, i) => JSON.stringify({ arch: nb201.format(classes.subarray(i * 97 * 6, (i * 97 + 1) * 6)) })).join("\n") + "\n");
  for (const extra of [["--in", space], [], ["--minimize"]]) {
    const result = runCli(["search", "nb201", "--oracle", TABLE(), "--algorithm", "evolution", "--budget", "30", "--trials", "4", "--seed", "2", "--json", ...extra]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(validate(JSON.parse(result.stdout)), ajv.errorsText(validate.errors));
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.curve.length, 30);
    assert.equal(summary.in, extra[0] === "--in" ? space : null);
    assert.equal(summary.direction, extra[0] === "--minimize" ? "min" : "max");
    // The curve is monotone in the search's direction and ends at the final best's mean.
    const sign = summary.direction === "min" ? -1 : 1;
    for (let i = 1; i < summary.curve.length; i++) assert.ok(sign * (summary.curve[i].mean - summary.curve[i - 1].mean) >= -1e-9);
    assert.ok(Math.abs(summary.curve[29].mean - summary.final_best.mean) < 1e-9);
  }
  // A malformed summary is rejected by the schema: it can fail.
  assert.equal(validate({ schema_version: 1, kind: "search", space: "nb201" }), false);
});

test("search inside a shrunk space reaches the space's best known by the table, and reports how fast", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-search-"));
  const shrunk = path.join(dir, "shrunk");
  const shrink = runCli(["shrink", "nb201", "--predictor", TABLE(), "--seed", "1", "--out", shrunk, "--quiet"]);
  assert.equal(shrink.status, 0, shrink.stderr);
  const out = path.join(dir, "out");
  const result = runCli(["search", "nb201", "--oracle", TABLE(), "--in", shrunk, "--algorithm", "local", "--budget", "100", "--trials", "3", "--out", out, "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  const members = new Set(jsonLines(readFileSync(path.join(shrunk, "space.jsonl"), "utf8")).map((r) => r.key));
  const trials = jsonLines(readFileSync(path.join(out, "trials.jsonl"), "utf8")) as Array<{ trial: number; queries: Array<{ key: string; value: number }>; best_so_far: number[] }>;
  assert.equal(trials.length, 3);
  for (const t of trials) {
    assert.equal(t.queries.length, 100);
    for (const q of t.queries) assert.ok(members.has(q.key));
    assert.equal(t.best_so_far[99], Math.max(...t.queries.map((q) => q.value)));
  }
  assert.equal(summary.domain_size, String(members.size));
  assert.deepEqual(JSON.parse(readFileSync(path.join(out, "search.json"), "utf8")), summary);
  // The space's best is the best table value among its members.
  assert.ok(summary.space_best.value >= Math.max(...trials.flatMap((t) => t.queries.map((q) => q.value))));
  // An existing output is refused without --force and left intact.
  const again = runCli(["search", "nb201", "--oracle", TABLE(), "--in", shrunk, "--algorithm", "random", "--budget", "5", "--trials", "1", "--out", out]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists and is not empty; pass --force/);
  assert.ok(existsSync(path.join(out, "trials.jsonl")));
});

test("an evaluate output's method space is chosen with --method or named directly", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-search-eval-"));
  const rows = (n: number, step: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ arch: nb201.format(classes.subarray(i * step * 6, (i * step + 1) * 6)) })).join("\n") + "\n";
  writeFileSync(path.join(dir, "space-abs.jsonl"), rows(20, 31));
  writeFileSync(path.join(dir, "space-lissnas.jsonl"), rows(25, 17));
  const base = ["search", "nb201", "--oracle", "synthetic:2", "--algorithm", "random", "--budget", "10", "--trials", "1", "--json"];
  const byMethod = JSON.parse(runCli([...base, "--in", dir, "--method", "abs"]).stdout);
  const byFile = JSON.parse(runCli([...base, "--in", path.join(dir, "space-abs.jsonl")]).stdout);
  assert.equal(byMethod.domain_size, "20");
  assert.deepEqual(byMethod.curve, byFile.curve);
  assert.equal(byMethod.space_best.value, null, "a model oracle does not know the space's best");
  const ambiguous = runCli([...base, "--in", dir]);
  assert.equal(ambiguous.status, 2);
  assert.match(ambiguous.stderr, /several spaces \(abs, lissnas\): choose one with --method/);
  const missing = runCli([...base, "--in", dir, "--method", "padnas"]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no space-padnas\.jsonl; this directory holds abs, lissnas/);
});

test("search rejects a bad oracle, a bad --in and a budget beyond the space with clear messages and exit code 2", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-search-bad-"));
  const base = ["search", "nb201", "--algorithm", "random", "--trials", "1"];
  const cases: Array<[string[], RegExp]> = [
    [[...base, "--oracle", "nb201.jsonl", "--budget", "5"], /--oracle must be table:FILE\.jsonl:FIELD, MODEL\.onnx or synthetic\[:SEED\]; found "nb201\.jsonl"/],
    [[...base, "--oracle", "table:nb201.jsonl", "--budget", "5"], /a table predictor is written table:FILE\.jsonl:FIELD/],
    [[...base, "--oracle", `table:${path.join(dir, "none.jsonl")}:test_acc`, "--budget", "5"], /none\.jsonl: field "oracle": cannot read table: no such file/],
    [[...base, "--oracle", path.join(dir, "none.onnx"), "--budget", "5"], /none\.onnx: field "oracle": cannot read model: no such file/],
    [[...base, "--oracle", `table:${sharedPath("data/nb201/nb201.jsonl")}:no_such_field`, "--budget", "5"], /field "no_such_field": missing; expected a number/],
    [[...base, "--oracle", "synthetic", "--budget", "5", "--in", path.join(dir, "missing-run")], /missing-run: field "in": no such file or directory/],
    [[...base, "--oracle", "synthetic", "--budget", "5", "--in", dir], /not a lissnas space: expected space\.jsonl/],
    [[...base, "--oracle", "synthetic", "--budget", "6467"], /--budget 6467 is larger than the space searched \(6466 distinct architectures\)/],
    [[...base, "--oracle", "synthetic", "--budget", "0"], /--budget must be in 1\.\.∞; found 0/],
    [[...base, "--oracle", "synthetic", "--budget", "5", "--algorithm", "bayes"], /--algorithm must be one of random, evolution, local, predictor; found "bayes"/],
    [[...base, "--oracle", "synthetic", "--budget", "5", "--method", "abs"], /--method needs --in DIR/],
    [[...base, "--oracle", "synthetic", "--budget", "5", "--restrict-to-table"], /--restrict-to-table needs a table oracle/],
    [["search", "nb101", "--algorithm", "random", "--trials", "1", "--budget", "5", "--oracle", `table:${sharedPath("data/nb101/nb101_vis20k.jsonl")}:val_acc`],
      /the table covers 20001 of the 423624 architectures searched; pass --restrict-to-table/],
  ];
  const small = path.join(dir, "small");
  mkdirSync(small);
  writeFileSync(path.join(small, "space.jsonl"), JSON.stringify({ arch: nb201.format(classes.subarray(0, 6)) }) + "\n" + JSON.stringify({ arch: nb201.format(classes.subarray(6, 12)) }) + "\n");
  cases.push([[...base, "--oracle", "synthetic", "--budget", "3", "--in", small], /--budget 3 is larger than the space searched \(2 distinct architectures\)/]);
  const other = path.join(dir, "other");
  mkdirSync(other);
  writeFileSync(path.join(other, "space.jsonl"), readFileSync(path.join(small, "space.jsonl")));
  writeFileSync(path.join(other, "manifest.json"), JSON.stringify({ space: "nb301" }));
  cases.push([[...base, "--oracle", "synthetic", "--budget", "1", "--in", other], /holds a nb301 space; the search is over nb201/]);
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  }
});

test("a model oracle answers queries with the model's predictions, on 1 and 2 workers alike, and leaves the space's best unknown", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-search-model-"));
  const rows = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").split("\n").filter((l) => l !== "").filter((_, i) => i % 50 === 0);
  writeFileSync(path.join(dir, "train.jsonl"), rows.join("\n") + "\n");
  const model = path.join(dir, "model.onnx");
  const fit = runCli(["fit", "nb201", "--data", path.join(dir, "train.jsonl"), "--target", "val_acc", "--out", model, "--rounds", "50", "--quiet"]);
  assert.equal(fit.status, 0, fit.stderr);
  const base = ["search", "nb201", "--oracle", model, "--algorithm", "evolution", "--budget", "25", "--trials", "3", "--seed", "4"];
  const one = runCli([...base, "--out", path.join(dir, "one")]);
  const two = runCli([...base, "--workers", "2", "--out", path.join(dir, "two")]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  const trials = readFileSync(path.join(dir, "one", "trials.jsonl"), "utf8");
  assert.equal(readFileSync(path.join(dir, "two", "trials.jsonl"), "utf8"), trials);
  const summary = JSON.parse(readFileSync(path.join(dir, "one", "search.json"), "utf8"));
  assert.equal(summary.space_best.value, null);
  assert.equal(summary.queries_to_best.median, null);
  // The values are the model's own scores of the queried cells.
  const first = (jsonLines(trials)[0] as { queries: Array<{ arch: string; value: number }> }).queries.slice(0, 5);
  const predicted = runCli(["predict", "nb201", "--model", model], first.map((q) => JSON.stringify({ arch: q.arch })).join("\n") + "\n");
  assert.equal(predicted.status, 0, predicted.stderr);
  const scores = jsonLines(predicted.stdout).map((r) => r.pred as number);
  first.forEach((q, i) => assert.ok(Math.abs(q.value - scores[i]) < 1e-6, `${q.value} vs ${scores[i]}`));
});
