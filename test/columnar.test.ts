import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";
import { ParquetFile, parquetChunks, inferColumns, isParquetFile, type Column } from "../src/io/columnar.js";
import { writeFileAtomic } from "../src/io/atomicWrite.js";
import { ShrunkSpaceSampler } from "../src/shrink/sampler.js";
import { LissnasError } from "../src/errors.js";

const BIN = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
const NB201 = sharedPath("data/nb201/nb201.jsonl");
const NB101 = sharedPath("data/nb101/nb101_naslib_zc500.jsonl");

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "lissnas-columnar-"));
}

/** Runs the CLI with stdout kept as bytes (Parquet is binary) and written to `file`. */
function runToFile(args: string[], file: string): void {
  const result = spawnSync(process.execPath, [BIN, ...args], { maxBuffer: 1 << 28 });
  assert.equal(result.status, 0, result.stderr.toString());
  writeFileSync(file, result.stdout);
}

/** Every row of a Parquet file, read with hyparquet (the reader lissnas ships). */
function parquetRows(file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const batch of ParquetFile.open(file).batches()) rows.push(...batch.rows);
  return rows;
}

/** Rows equal one by one (JSON objects: key order aside); a failure names the first row that differs, not the whole file. */
function assertSameRows(actual: unknown[], expected: unknown[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  const first = actual.findIndex((row, i) => !isDeepStrictEqual(row, expected[i]));
  assert.ok(first < 0, `${what}: row ${first + 1} differs: ${JSON.stringify(actual[first])} vs ${JSON.stringify(expected[first])}`);
}

/** The first `n` lines of a JSON Lines file, as a file of their own. */
function headFile(source: string, n: number, file: string): string {
  writeFileSync(file, readFileSync(source, "utf8").split("\n").slice(0, n).join("\n") + "\n");
  return file;
}

test("rows written as Parquet read back equal, across row groups, with open fields typed from the first rows", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    arch: `a${i}`, key: `k${i}`, score: i / 7, pocket: i % 5 - 1, note: i % 3 === 0 ? null : `n${i}`, nested: { i, list: [i, "x"] }, flag: i % 2 === 0,
  }));
  const columns = inferColumns(rows.slice(0, 100), [{ name: "arch", type: "string", required: true }]);
  assert.deepEqual(columns.map((c) => `${c.name}:${c.type}`), ["arch:string", "key:string", "score:double", "pocket:double", "note:string", "nested:json", "flag:boolean"]);
  const file = path.join(tempDir(), "rows.parquet");
  writeFileAtomic(file, parquetChunks(columns, [rows.slice(0, 333), rows.slice(333)], { rowGroupRows: 128 }));
  assert.ok(isParquetFile(file));
  const parquet = ParquetFile.open(file);
  assert.equal(parquet.rowCount, 1000);
  assert.equal(parquet.rowGroupCount, Math.ceil(1000 / 128));
  const expected = rows.map(({ note, ...rest }) => (note === null ? rest : { ...rest, note }));
  assert.deepEqual(parquetRows(file), expected);
  const indices = [999, 0, 127, 128, 500, 500, 3];
  assert.deepEqual(parquet.rowsAt(indices), indices.map((i) => expected[i]));

  // Pages of a few rows: random draws then read single pages through the offset index (with the
  // dictionary page of dictionary-encoded columns), and must still find every row.
  const paged = path.join(tempDir(), "paged.parquet");
  writeFileAtomic(paged, parquetChunks(columns, [rows], { rowGroupRows: 300, pageBytes: 64 }));
  const pagedFile = ParquetFile.open(paged);
  assert.deepEqual(parquetRows(paged), expected);
  const draws = Array.from({ length: 400 }, (_, i) => (i * 7919) % 1000);
  assert.deepEqual(pagedFile.rowsAt(draws), draws.map((i) => expected[i]));
});

test("a row whose field changes type is refused with its row and field, not written as something else", () => {
  const columns: Column[] = [{ name: "score", type: "double" }];
  assert.throws(() => [...parquetChunks(columns, [[{ score: 1 }, { score: "high" }]])], (error: unknown) =>
    error instanceof LissnasError && error.location.line === 2 && error.location.field === "score" && /holds double values.*found "high"/.test(error.message));
  const notParquet = path.join(tempDir(), "rows.jsonl");
  writeFileSync(notParquet, "{\"arch\": 1}\n");
  assert.throws(() => ParquetFile.open(notParquet), /not a Parquet file/);
});

test("a shrink run written as Parquet holds, row by row, the space and pockets its JSON Lines run writes, and its manifest says so", () => {
  const dir = tempDir();
  for (const format of ["jsonl", "parquet"]) {
    const run = runCli(["shrink", "nb301", "--predictor", "synthetic:1", "--seed", "5", "--initial", "300", "--max-iter", "2", "--format", format,
      "--out", path.join(dir, format), "--quiet"]);
    assert.equal(run.status, 0, run.stderr);
  }
  assert.deepEqual(readdirSync(path.join(dir, "parquet")).sort(), ["manifest.json", "pockets.parquet", "space.parquet"]);
  const space = jsonLines(readFileSync(path.join(dir, "jsonl", "space.jsonl"), "utf8"));
  assert.ok(space.length > 500, `${space.length} members`);
  assertSameRows(parquetRows(path.join(dir, "parquet", "space.parquet")), space, "space.parquet");
  assertSameRows(parquetRows(path.join(dir, "parquet", "pockets.parquet")), jsonLines(readFileSync(path.join(dir, "jsonl", "pockets.jsonl"), "utf8")), "pockets.parquet");
  const manifest = (format: string) => JSON.parse(readFileSync(path.join(dir, format, "manifest.json"), "utf8"));
  assert.equal(manifest("parquet").format, "parquet");
  assert.equal(manifest("jsonl").format, "jsonl");
  assert.equal(manifest("parquet").size, space.length);

  // sample --from draws the same members from either file for the same seed, in the CLI and the library.
  const draws = (format: string) => runCli(["sample", "--from", path.join(dir, format), "-n", "2000", "--seed", "9"]);
  const fromJsonl = draws("jsonl");
  assert.equal(fromJsonl.status, 0, fromJsonl.stderr);
  assert.equal(draws("parquet").stdout, fromJsonl.stdout);
  assert.equal(jsonLines(fromJsonl.stdout).length, 2000);
  assert.deepEqual(ShrunkSpaceSampler.fromDirectory(path.join(dir, "parquet"), 3n).sample(50), ShrunkSpaceSampler.fromDirectory(path.join(dir, "jsonl"), 3n).sample(50));

  // sample --from can itself write Parquet; report reads a Parquet shrink directory.
  const drawn = path.join(dir, "drawn.parquet");
  runToFile(["sample", "--from", path.join(dir, "parquet"), "-n", "2000", "--seed", "9", "--format", "parquet"], drawn);
  assertSameRows(parquetRows(drawn), jsonLines(fromJsonl.stdout), "sample --from --format parquet");
  const report = runCli(["report", path.join(dir, "parquet"), "--out", path.join(dir, "report.html")]);
  assert.equal(report.status, 0, report.stderr);
  const reportJsonl = runCli(["report", path.join(dir, "jsonl"), "--out", path.join(dir, "report-jsonl.html")]);
  assert.equal(reportJsonl.status, 0, reportJsonl.stderr);
  // export (and search --in) read the space of a Parquet run as they read space.jsonl.
  for (const format of ["jsonl", "parquet"]) {
    const exported = runCli(["export", path.join(dir, format), "--format", "csv", "--out", path.join(dir, `export-${format}.csv`)]);
    assert.equal(exported.status, 0, exported.stderr);
  }
  assert.ok(readFileSync(path.join(dir, "export-parquet.csv"), "utf8") === readFileSync(path.join(dir, "export-jsonl.csv"), "utf8"), "export of a Parquet run differs");
  // The same report but for the directory names and the run's seconds.
  const strip = (file: string) => readFileSync(path.join(dir, file), "utf8").replaceAll(/parquet|jsonl/g, "").replaceAll(/scored in [0-9.]+ s/g, "");
  assert.ok(strip("report.html") === strip("report-jsonl.html"), "the report of the Parquet run differs from that of the JSON Lines run");
});

test("a run that minimises writes the same scores, in the metric's units, to Parquet as to JSON Lines", () => {
  const dir = tempDir();
  for (const format of ["jsonl", "parquet"]) {
    const run = runCli(["shrink", "nb201", "--predictor", "synthetic:1", "--seed", "3", "--initial", "200", "--max-iter", "2", "--minimize",
      "--format", format, "--out", path.join(dir, format), "--quiet"]);
    assert.equal(run.status, 0, run.stderr);
  }
  const space = jsonLines(readFileSync(path.join(dir, "jsonl", "space.jsonl"), "utf8"));
  assertSameRows(parquetRows(path.join(dir, "parquet", "space.parquet")), space, "space.parquet");
  assertSameRows(parquetRows(path.join(dir, "parquet", "pockets.parquet")), jsonLines(readFileSync(path.join(dir, "jsonl", "pockets.jsonl"), "utf8")), "pockets.parquet");
  const manifest = JSON.parse(readFileSync(path.join(dir, "parquet", "manifest.json"), "utf8"));
  assert.equal(manifest.direction, "min");
  // max_score is the best in the metric's direction: the smallest score of the space.
  const smallest = Math.min(...space.map((row) => row.score as number));
  assert.ok(Math.abs(manifest.max_score - smallest) <= 5e-5, `max_score ${manifest.max_score}, smallest score ${smallest}`);
});

test("enumerate, sample, hash and predict write with --format parquet the rows they write as JSON Lines", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = tempDir();
  const table = headFile(NB201, 3000, path.join(dir, "nb201-head.jsonl"));
  const commands: Record<string, string[]> = {
    enumerate: ["enumerate", "nb201", "--quiet"],
    sample: ["sample", "nb201", "-n", "5000", "--seed", "4"],
    hash: ["hash", "nb201", table],
    predict: ["predict", "nb201", table, "--predictor", `table:${NB201}:val_acc`, "--field", "predicted"],
  };
  for (const [name, args] of Object.entries(commands)) {
    const jsonl = runCli(args);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const file = path.join(dir, `${name}.parquet`);
    runToFile([...args, "--format", "parquet"], file);
    assertSameRows(parquetRows(file), jsonLines(jsonl.stdout), name);
  }
  assert.equal(ParquetFile.open(path.join(dir, "enumerate.parquet")).rowCount, 6466);
});

test("Parquet files are accepted wherever JSON Lines are read: hash and predict inputs, table predictors, --truth", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = tempDir();
  const jsonlTable = headFile(NB201, 3000, path.join(dir, "nb201-head.jsonl"));
  const parquetTable = path.join(dir, "nb201-head.parquet");
  // The table as Parquet, archs as written (nested acc_12ep as a JSON column).
  const tableRows = jsonLines(readFileSync(jsonlTable, "utf8"));
  writeFileAtomic(parquetTable, parquetChunks(inferColumns(tableRows), [tableRows], { rowGroupRows: 1000 }));
  // JSON Lines rows of the table do not all list their fields in one order; a Parquet file has one column order.
  assertSameRows(jsonLines(runCli(["hash", "nb201", parquetTable]).stdout), jsonLines(runCli(["hash", "nb201", jsonlTable]).stdout), "hash of a Parquet input");
  const predict = (table: string, input: string) => runCli(["predict", "nb201", input, "--predictor", `table:${table}:acc_12ep.cifar10_test`, "--field", "p"]);
  const expected = predict(jsonlTable, jsonlTable);
  assert.equal(expected.status, 0, expected.stderr);
  assertSameRows(jsonLines(predict(parquetTable, parquetTable).stdout), jsonLines(expected.stdout), "predict with a Parquet table and input");
  // The truth table of an evaluation: the same report from either file.
  const evaluate = (truth: string) => runCli(["evaluate", "nb201", "--truth", truth, "--target", "test_acc", "--train-target", "val_acc", "--seeds", "1",
    "--train-size", "200", "--initial", "200", "--methods", "lissnas,random", "--json", "--quiet"]);
  const fromJsonl = evaluate(jsonlTable);
  assert.equal(fromJsonl.status, 0, fromJsonl.stderr);
  const normalize = (text: string) => text.replaceAll(/nb201-head\.(jsonl|parquet)/g, "TRUTH").replaceAll(/"seconds": ?[0-9.e-]+/g, "");
  assert.ok(normalize(evaluate(parquetTable).stdout) === normalize(fromJsonl.stdout), "evaluate --truth: the Parquet table gives another report");
  // A Parquet input with a bad arch is named by file, row and field.
  const bad = path.join(dir, "bad.parquet");
  writeFileAtomic(bad, parquetChunks([{ name: "arch", type: "string" }], [[{ arch: "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|" }, { arch: "|conv9x9~0|" }]]));
  const refused = runCli(["hash", "nb201", bad]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /bad\.parquet:2: field "arch"/);
});

test("NB101 archs ({matrix, ops}) round-trip through a JSON column", needsShared("data/nb101/nb101_naslib_zc500.jsonl"), () => {
  const dir = tempDir();
  const input = headFile(NB101, 200, path.join(dir, "nb101.jsonl"));
  const file = path.join(dir, "nb101.parquet");
  runToFile(["hash", "nb101", input, "--format", "parquet"], file);
  const rows = parquetRows(file);
  assertSameRows(rows, jsonLines(runCli(["hash", "nb101", input]).stdout), "nb101 hash");
  assert.equal(typeof (rows[0].arch as { matrix: unknown }).matrix, "object");
});

test("evaluate --out --format parquet writes each method's space as Parquet with the rows of the JSON Lines files", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = tempDir();
  const args = ["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--train-target", "val_acc", "--seeds", "1", "--train-size", "200",
    "--initial", "200", "--methods", "lissnas,random,full", "--quiet"];
  for (const format of ["jsonl", "parquet"]) {
    const run = runCli([...args, "--format", format, "--out", path.join(dir, format)]);
    assert.equal(run.status, 0, run.stderr);
  }
  const files = readdirSync(path.join(dir, "parquet")).filter((f) => f.endsWith(".parquet")).sort();
  assert.deepEqual(files, ["space-lissnas.parquet", "space-random.parquet"]);
  for (const file of files) {
    assertSameRows(parquetRows(path.join(dir, "parquet", file)), jsonLines(readFileSync(path.join(dir, "jsonl", file.replace(".parquet", ".jsonl")), "utf8")), file);
  }
});

test("--format takes jsonl or parquet, and the message names the option", () => {
  for (const args of [["enumerate", "nb201"], ["shrink", "nb201", "--predictor", "synthetic", "--out", path.join(tempDir(), "x")]]) {
    const result = runCli([...args, "--format", "csv"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format: expected one of jsonl, parquet; found "csv"/);
  }
});
