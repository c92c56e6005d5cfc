// Locality analysis on the real benchmark tables: all 15,625 NB201 cells and the uniform 20k sample of NB101.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { readTruthTable, type TruthTable } from "../src/evaluate/truthTable.js";
import { openPredictor } from "../src/predict/predictor.js";
import { analyseLocality, formatLocality, truthTableSource, predictorSource, type LocalityReport } from "../src/locality/index.js";
import { kendallTauB } from "../src/stats/kendall.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const NB201_TABLE = sharedPath("data/nb201/nb201.jsonl");
const NB101_TABLE = sharedPath("data/nb101/nb101_vis20k.jsonl");
const nb201 = new SpaceKernels(getSpace("nb201"));
const nb101 = new SpaceKernels(getSpace("nb101"));
let nb201Table: TruthTable;
let nb101Table: TruthTable;
let nb201Report: LocalityReport;
let nb101Report: LocalityReport;

before(async () => {
  if (needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl").skip !== undefined) return;
  nb201Table = await readTruthTable(nb201, NB201_TABLE, "test_acc", "test_acc");
  nb101Table = await readTruthTable(nb101, NB101_TABLE, "val_acc", "val_acc");
  nb201Report = await analyseLocality(nb201, truthTableSource(nb201, nb201Table, "test_acc"), { walks: 2000, seed: 1n });
  // ~1,300 known pairs per lag: 2000 walks x 300 moves at p² ≈ 0.0022.
  nb101Report = await analyseLocality(nb101, truthTableSource(nb101, nb101Table, "val_acc"),
    { walks: 2000, walkSteps: 300, neighbours: 60, maxDistance: 8, seed: 1n });
});

const rwa = (report: LocalityReport) => report.autocorrelation.map((row) => row.correlation);
/** AAD rows with enough pairs for their mean to be trusted (the far tail of walk neighbours is thin). */
const wellSampled = (report: LocalityReport, minCount: number) => report.accuracyDifference.filter((row) => row.count >= minCount);

test("on all 15,625 NB201 cells the table is complete and every walk step has its true accuracy", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  assert.equal(nb201Report.source.coverage, 1);
  assert.match(nb201Report.estimator, /complete table/);
  assert.equal(nb201Report.knownSteps, 2000 * 7);
  assert.deepEqual(nb201Report.autocorrelation.map((row) => row.pairs), [12000, 10000, 8000, 6000, 4000, 2000]);
});

test("NB201 random-walk autocorrelation decreases strictly with the lag", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const curve = rwa(nb201Report);
  for (let k = 1; k < curve.length; k++) assert.ok(curve[k] < curve[k - 1], `RWA(${k + 1}) = ${curve[k]} >= RWA(${k}) = ${curve[k - 1]}`);
  assert.ok(curve[0] > 0.6, `RWA(1) = ${curve[0]}`);
});

test("NB201 accuracy difference increases with edit distance wherever a distance holds 1,000 pairs", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const rows = wellSampled(nb201Report, 1000);
  assert.ok(rows.length >= 5, `only ${rows.length} well-sampled distances`);
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i].mean > rows[i - 1].mean, `AAD(${rows[i].distance}) = ${rows[i].mean} <= AAD(${rows[i - 1].distance})`);
  }
  // Neighbours one move away differ far less than those three moves away: the intervals do not overlap.
  assert.ok(rows[0].high < rows[2].low);
});

test("NB201 reports the lag where RWA falls below 0.3 beside maxEditDistance/3", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const below = nb201Report.rwaBelowThreshold.lag!;
  assert.ok(rwa(nb201Report)[below - 1] < 0.3 && rwa(nb201Report)[below - 2] >= 0.3);
  assert.deepEqual(nb201Report.radiusRule, { maxEditDistance: 6, third: 2, radius: 2 });
  assert.match(formatLocality(nb201Report), new RegExp(`RWA falls below 0.3 at k = ${below}; radius rule maxEditDistance/3 = 6/3 = 2.00`));
});

test("the NB101 20k table is recognised as a 4.7% sample of the 423,624 classes and the estimator says so", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  assert.equal(nb101Report.source.coverage, 20001 / 423624);
  assert.match(nb101Report.estimator, /sampled table \(4\.72% of classes/);
  assert.ok(nb101Report.autocorrelation.every((row) => row.pairs > 1000), JSON.stringify(nb101Report.autocorrelation));
});

test("NB101 random-walk autocorrelation decreases with the lag and falls below 0.3", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const curve = rwa(nb101Report);
  const lags = curve.map((_, k) => k + 1);
  assert.ok(kendallTauB(lags, curve) <= -0.8, `tau(k, RWA) = ${kendallTauB(lags, curve)} for ${curve}`);
  assert.ok(curve[0] > 0.4 && curve[curve.length - 1] < 0.3, String(curve));
  const below = nb101Report.rwaBelowThreshold.lag!;
  assert.ok(below >= 2 && curve[below - 1] < 0.3);
  assert.deepEqual(nb101Report.radiusRule, { maxEditDistance: 23, third: 23 / 3, radius: 8 });
});

test("NB101 accuracy difference increases with edit distance wherever a distance holds 500 pairs", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), () => {
  const rows = wellSampled(nb101Report, 500);
  assert.ok(rows.length >= 5, `only ${rows.length} well-sampled distances`);
  const tau = kendallTauB(rows.map((row) => row.distance), rows.map((row) => row.mean));
  assert.ok(tau >= 0.8, `tau(d, AAD) = ${tau}: ${rows.map((row) => row.mean)}`);
  assert.ok(rows[0].high < rows[rows.length - 1].low);
});

test("every quarter of NB201's classes, analysed as a sampled table, shows the same shape as the whole", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), async () => {
  // Quarters chosen by key bits (independent of accuracy). The levels differ between quarters: a handful of
  // NB201 classes (the dead cell at 10%, the single-edge cells) draw ~3% of all walk visits each, and a
  // sample either holds them or not; the shape (RWA falling, AAD rising) holds in each.
  const work = mkdtempSync(path.join(tmpdir(), "lissnas-locality-"));
  const lines = readFileSync(NB201_TABLE, "utf8").trim().split("\n");
  for (let quarter = 0n; quarter < 4n; quarter++) {
    const file = path.join(work, `nb201_quarter${quarter}.jsonl`);
    writeFileSync(file, lines.filter((_, row) => (nb201Table.classKeys[nb201Table.rowClass[row]] & 3n) === quarter).join("\n") + "\n");
    const sample = await readTruthTable(nb201, file, "test_acc", "test_acc");
    const report = await analyseLocality(nb201, truthTableSource(nb201, sample, "test_acc"), { walks: 2000, seed: 2n + quarter });
    assert.ok(report.source.coverage > 0.2 && report.source.coverage < 0.3, String(report.source.coverage));
    assert.match(report.estimator, /sampled table/);
    const curve = rwa(report);
    assert.ok(kendallTauB(curve.map((_, k) => k + 1), curve) <= -0.8, `quarter ${quarter}: ${curve}`);
    const [one, , three] = report.accuracyDifference;
    assert.ok(one.high < three.low, `quarter ${quarter}: AAD(1) ${one.mean} vs AAD(3) ${three.mean}`);
  }
});

test("the same seed gives the same report and another seed other walks", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), async () => {
  const source = truthTableSource(nb201, nb201Table, "test_acc");
  const a = await analyseLocality(nb201, source, { walks: 200, seed: 5n });
  assert.deepEqual(await analyseLocality(nb201, source, { walks: 200, seed: 5n }), a);
  assert.notDeepEqual((await analyseLocality(nb201, source, { walks: 200, seed: 6n })).autocorrelation, a.autocorrelation);
});

test("a table predictor over all NB201 cells gives the truth table's curves and is named as a predictor", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), async () => {
  const predictor = await openPredictor(`table:${NB201_TABLE}:test_acc`, nb201.space);
  const report = await analyseLocality(nb201, predictorSource(nb201, predictor), { walks: 300, seed: 3n });
  const truth = await analyseLocality(nb201, truthTableSource(nb201, nb201Table, "test_acc"), { walks: 300, seed: 3n });
  assert.equal(report.source.kind, "predictor");
  assert.match(report.estimator, /predicted accuracy/);
  assert.match(formatLocality(report), /locality of predictor table:/);
  // Same walks (the predictor starts from the space's sampler, the table from its rows: both uniform NB201 cells).
  for (const row of report.autocorrelation) assert.ok(row.correlation > 0.05 && row.correlation < 0.8);
  assert.ok(Math.abs(report.autocorrelation[0].correlation - truth.autocorrelation[0].correlation) < 0.08);
});

test("a predictor that cannot score a visited architecture is an error that says why", needsShared("data/nb101/nb101_vis20k.jsonl"), async () => {
  const predictor = await openPredictor(`table:${NB101_TABLE}:val_acc`, nb101.space, { missing: "skip" });
  await assert.rejects(analyseLocality(nb101, predictorSource(nb101, predictor), { walks: 5, maxDistance: 2 }),
    /gave no score for .*needs a score for every architecture a walk visits \(use --truth for a sampled table\)/);
});

test("bad parameters are errors naming the parameter, expected and found", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb201/nb201.jsonl"), async () => {
  const source = truthTableSource(nb201, nb201Table, "test_acc");
  await assert.rejects(analyseLocality(nb201, source, { maxDistance: 7 }),
    /field "max-distance": expected an integer in 1\.\.6 \(the largest edit distance of nb201 is 6\); found 7/);
  await assert.rejects(analyseLocality(nb201, source, { walks: 0 }), /field "walks": expected an integer >= 1; found 0/);
  await assert.rejects(analyseLocality(nb201, source, { maxDistance: 4, walkSteps: 3 }),
    /field "walk-length": expected an integer >= 4 \(a walk must reach the largest lag\); found 3/);
  await assert.rejects(analyseLocality(nb201, source, { neighbours: 1.5 }), /field "neighbours": expected an integer >= 1; found 1.5/);
});
