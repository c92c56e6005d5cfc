// `lissnas distance --pairs`: a JSON Lines file of architecture pairs, each row written back with the
// edit distance between the pair's isomorphism classes; the same bytes for any --workers, rows in input
// order, a bad row stopping the output where the single-thread run stops it.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCli, jsonLines } from "./helpers/cli.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { getSpace } from "../src/spaces/registry.js";
import { distanceChunk } from "../src/io/distanceRows.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "lissnas-pairs-"));
let pairsFile: string;
let pairLines: string[];

function sampleArchs(space: string, count: number, seed: number): unknown[] {
  const run = runCli(["sample", space, "-n", String(count), "--seed", String(seed)]);
  assert.equal(run.status, 0, run.stderr);
  return jsonLines(run.stdout).map((row) => row.arch);
}

before(() => {
  // nb301 genotypes are long: 4,000 pairs span several 1 MiB chunks, so chunk order matters.
  const left = sampleArchs("nb301", 4000, 1);
  const right = sampleArchs("nb301", 4000, 2);
  pairLines = left.map((a, i) => JSON.stringify({ id: i, a, b: i % 7 === 0 ? a : right[i], note: "x" }));
  pairsFile = path.join(work, "pairs.jsonl");
  writeFileSync(pairsFile, pairLines.join("\n") + "\n");
});

function distances(args: string[]): { stdout: string; rows: Array<Record<string, unknown>> } {
  const run = runCli(args);
  assert.equal(run.status, 0, run.stderr);
  return { stdout: run.stdout, rows: jsonLines(run.stdout) };
}

test("--pairs writes every row back with its distance, the same bytes for 1, 2 and 3 workers", () => {
  const one = distances(["distance", "nb301", "--pairs", pairsFile]);
  assert.equal(one.rows.length, 4000);
  for (const workers of ["2", "3"]) assert.equal(distances(["distance", "nb301", "--pairs", pairsFile, "--workers", workers]).stdout, one.stdout);
  one.rows.forEach((row, i) => {
    assert.deepEqual(Object.keys(row), ["id", "a", "b", "note", "distance"]);
    assert.equal(row.id, i);
    if (i % 7 === 0) assert.equal(row.distance, 0, "a cell is at 0 from itself");
    else assert.ok(Number.isInteger(row.distance) && (row.distance as number) >= 0 && (row.distance as number) <= getSpace("nb301").maxEditDistance);
  });
  // The same figure as the two-architecture form, and symmetric.
  for (const i of [1, 2, 3, 500, 3999]) {
    const row = one.rows[i];
    const single = runCli(["distance", "nb301", String(row.a), String(row.b)]);
    assert.equal(single.status, 0, single.stderr);
    assert.equal(Number(single.stdout), row.distance);
  }
  const swapped = distances(["distance", "nb301", "--pairs", pairsFile, "--pair-fields", "b,a"]);
  assert.deepEqual(swapped.rows.map((row) => row.distance), one.rows.map((row) => row.distance));
});

test("a neighbour listed at walk distance d is at most d from its start", () => {
  const start = sampleArchs("nb101", 1, 5)[0];
  const run = runCli(["neighbours", "nb101", JSON.stringify(start), "--radius", "3", "-n", "200", "--seed", "1"]);
  assert.equal(run.status, 0, run.stderr);
  const neighbours = jsonLines(run.stdout);
  const input = neighbours.map((row) => JSON.stringify({ a: start, b: row.arch, walk: row.distance })).join("\n") + "\n";
  const measured = jsonLines(runCli(["distance", "nb101", "--pairs", "-"], input).stdout);
  assert.equal(measured.length, neighbours.length);
  for (const row of measured) assert.ok((row.distance as number) <= (row.walk as number), JSON.stringify(row));
});

test("the pair reader keeps every other field and agrees with the batched class distance (property)", () => {
  const space = getSpace("nb201");
  const kernels = new SpaceKernels(space);
  const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null));
  fc.assert(fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 53n }), fc.dictionary(fc.string({ minLength: 1 }), scalar, { maxKeys: 3 })), { minLength: 1, maxLength: 20 }), (specs) => {
    const rows = specs.map(([seed, extra]) => {
      const [a, b] = [0, 1].map((k) => space.format(kernels.sample(1, seed + BigInt(k))));
      const row: Record<string, unknown> = { ...extra, a, b };
      delete row.distance;
      return row;
    });
    const bytes = new TextEncoder().encode(rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    const result = distanceChunk(kernels, bytes, "rows.jsonl", { a: "a", b: "b", out: "distance", replace: false });
    assert.equal(result.error, undefined);
    const out = jsonLines(result.text);
    const length = space.genomeLength;
    const left = new Uint8Array(rows.length * length);
    const right = new Uint8Array(rows.length * length);
    rows.forEach((row, i) => {
      left.set(space.parse(row.a), i * length);
      right.set(space.parse(row.b), i * length);
    });
    const expected = kernels.classDistances(left, right);
    out.forEach((row, i) => {
      const { distance, ...rest } = row;
      assert.equal(distance, expected[i]);
      assert.deepEqual(rest, JSON.parse(JSON.stringify(rows[i])));
    });
  }), { numRuns: 60 });
});

test("a bad pair stops the output after the rows before it, naming file, line and field, for any worker count", () => {
  const lines = [...pairLines];
  lines[3500] = JSON.stringify({ id: 3500, a: JSON.parse(lines[3500]).a, b: "Genotype(normal=[" });
  const file = path.join(work, "bad.jsonl");
  writeFileSync(file, lines.join("\n") + "\n");
  const runs = ["1", "2"].map((workers) => runCli(["distance", "nb301", "--pairs", file, "--workers", workers]));
  for (const run of runs) {
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad\.jsonl:3501: field "b"/);
    assert.equal(jsonLines(run.stdout).length, 3500);
  }
  assert.equal(runs[1].stdout, runs[0].stdout);
  const missing = runCli(["distance", "nb201", "--pairs", "-"], "{\"a\":\"x\"}\n");
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /<stdin>:1: field "b": missing field "b"/);
});

test("--pairs options are checked before any row is read, and an existing distance field is kept unless replaced", () => {
  const parquet = path.join(work, "pairs.parquet");
  const sample = spawnSync(process.execPath, [BIN, "sample", "nb201", "-n", "5", "--seed", "1", "--format", "parquet"]);
  assert.equal(sample.status, 0, String(sample.stderr));
  writeFileSync(parquet, sample.stdout);
  const refused: Array<[string[], RegExp]> = [
    [["--pairs", "absent.jsonl", "--field", "a"], /field "--field": "a" holds an architecture of the pair/],
    [["--pairs", "absent.jsonl", "--pair-fields", "a"], /field "--pair-fields": must be two different field names/],
    [["--pairs", "absent.jsonl", "--json"], /field "--json"/],
    [["--pairs", parquet], /field "--pairs": --pairs reads JSON Lines/],
    [["--workers", "2", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"], /field "--workers": applies to --pairs only/],
    [["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"], /give two architectures \(ARCH_A ARCH_B\) or --pairs FILE/],
  ];
  for (const [args, pattern] of refused) {
    const run = runCli(["distance", "nb201", ...args]);
    assert.equal(run.status, 2, args.join(" "));
    assert.match(run.stderr, pattern);
  }
  const cell = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
  const row = JSON.stringify({ a: cell, b: cell, distance: "old" }) + "\n";
  const clash = runCli(["distance", "nb201", "--pairs", "-"], row);
  assert.equal(clash.status, 2);
  assert.match(clash.stderr, /already has a field "distance"; choose another --field or pass --replace-field/);
  assert.deepEqual(jsonLines(runCli(["distance", "nb201", "--pairs", "-", "--replace-field"], row).stdout), [{ a: cell, b: cell, distance: 0 }]);
  assert.deepEqual(jsonLines(runCli(["distance", "nb201", "--pairs", "-", "--field", "d"], row).stdout), [{ a: cell, b: cell, distance: "old", d: 0 }]);
});
