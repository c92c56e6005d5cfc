import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";

const BEST = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

function assertUserError(result: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace for a user error");
}

test("spaces --json lists every space with its exact size as a decimal string", () => {
  const listing = JSON.parse(runCli(["spaces", "--json"]).stdout) as { schema_version: number; spaces: Array<{ id: string; size: string; genome_length: number }> };
  assert.equal(listing.schema_version, 1);
  const rows = listing.spaces;
  const nb201 = rows.find((row) => row.id === "nb201");
  assert.deepEqual([nb201?.size, nb201?.genome_length], ["15625", 6]);
  assert.ok(rows.some((row) => row.id === "nb101") && rows.some((row) => row.id === "nb301"));
});

test("size nb201 --unique prints 6466 and --json says so", () => {
  assert.equal(runCli(["size", "nb201", "--unique"]).stdout, "6466\n");
  assert.deepEqual(JSON.parse(runCli(["size", "nb201", "--json"]).stdout), { schema_version: 1, space: "nb201", unique: false, size: "15625" });
});

test("enumerate nb201 streams 6,466 distinct classes", () => {
  const rows = jsonLines(runCli(["enumerate", "nb201"]).stdout);
  assert.equal(rows.length, 6466);
  assert.equal(new Set(rows.map((row) => row.key)).size, 6466);
});

test("sample with the same seed prints identical output, and another seed differs", () => {
  const a = runCli(["sample", "nb301", "-n", "50", "--seed", "7"]).stdout;
  assert.equal(a, runCli(["sample", "nb301", "-n", "50", "--seed", "7"]).stdout);
  assert.notEqual(a, runCli(["sample", "nb301", "-n", "50", "--seed", "8"]).stdout);
  assert.equal(jsonLines(a).length, 50);
});

test("hash keeps the other fields of each row and gives isomorphic cells the same key", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-hash-"));
  const file = path.join(dir, "runs.jsonl");
  writeFileSync(file, [
    JSON.stringify({ arch: "|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|", acc: 1 }),
    JSON.stringify({ arch: "|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|", acc: 2 }),
    BEST,
  ].join("\n") + "\n");
  const rows = jsonLines(runCli(["hash", "nb201", file]).stdout);
  assert.equal(rows.length, 3);
  assert.deepEqual([rows[0].acc, rows[1].acc], [1, 2]);
  assert.equal(rows[0].key, rows[1].key, "node 1 feeds nothing but a none edge in both cells");
  assert.equal(rows[2].arch, BEST);
});

test("neighbours --all reports the raw NB201 ball (24 and 240) and unique neighbours within the radius", () => {
  const result = runCli(["neighbours", "nb201", BEST, "--radius", "2", "--all", "--json"]);
  const summary = JSON.parse(result.stderr);
  assert.deepEqual(summary.raw_by_moves, [1, 24, 240]);
  const rows = jsonLines(result.stdout);
  assert.equal(rows.length, summary.unique);
  assert.ok(rows.every((row) => (row.distance as number) >= 1 && (row.distance as number) <= 2));
});

test("distance prints the edit distance", () => {
  assert.equal(runCli(["distance", "nb201", BEST, BEST.replace("nor_conv_1x1~2", "none~2")]).stdout, "1\n");
});

test("bad input gets a one-line error naming the place, with exit code 2", () => {
  assertUserError(runCli(["size", "nb999"]), /unknown search space "nb999"; expected one of nb201, nb101, nb301/);
  assertUserError(runCli(["sample", "nb201", "-n", "many"]), /--count must be an integer; found "many"/);
  assertUserError(runCli(["sample", "nb201", "-n", "3", "--seed", "-1"]), /--seed must be a non-negative integer/);
  assertUserError(runCli(["distance", "nb201", "|x~0|", BEST]), /<arg>: field "ARCH_A": expected 3 nodes/);
  assertUserError(runCli(["neighbours", "nb201", BEST, "--radius", "9", "--all"]), /--radius must be at most 6/);
  assertUserError(runCli(["neighbours", "nb201", BEST, "--radius", "1"]), /give exactly one of --all/);
  assertUserError(runCli(["hash", "nb201", "/nonexistent/runs.jsonl"]), /\/nonexistent\/runs\.jsonl: cannot read: no such file/);
  assertUserError(runCli(["hash", "nb201", "-"], `${BEST}\n{"arch": "|none~0|+|none~0|none~1|+|none~0|none~1|conv~2|"}\n`),
    /<stdin>:2: field "arch": unknown op "conv"/);
  assertUserError(runCli(["hash", "nb201", "-"], `{"arch": 1\n`), /<stdin>:1: not valid JSON/);
  assertUserError(runCli(["hash", "nb201", "-"], `{"acc": 1}\n`), /<stdin>:1: row has no "arch" field \(found fields "acc"\)/);
  assertUserError(runCli(["enumerate", "nb301"]), /cannot be enumerated/);
});

test("shrink refuses an existing output directory without --force and leaves it intact", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-out-"));
  const out = path.join(dir, "run");
  mkdirSync(out);
  writeFileSync(path.join(out, "keep.txt"), "earlier result");
  const args = ["shrink", "nb201", "--predictor", "synthetic:3", "--seed", "5", "--out", out, "--quiet"];
  assertUserError(runCli(args), /output directory exists and is not empty; pass --force/);
  assert.equal(readFileSync(path.join(out, "keep.txt"), "utf8"), "earlier result");
  assert.equal(runCli([...args, "--force"]).status, 0);
  const first = readFileSync(path.join(out, "space.jsonl"), "utf8");
  assert.ok(first.length > 0);
  assert.equal(runCli([...args, "--force"]).status, 0);
  assert.equal(readFileSync(path.join(out, "space.jsonl"), "utf8"), first, "same --seed, byte-identical space.jsonl");
  assertUserError(runCli(["shrink", "nb201", "--predictor", "nope.onnx", "--out", path.join(dir, "x")]), /nope\.onnx: cannot read model: no such file/);
});
