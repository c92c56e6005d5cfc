// The byte path of `predict` with a wasm tree ensemble writes what the string path writes, byte for
// byte, on any chunk (odd rows, non-canonical arch texts, errors and non-finite scores included), with or without reusing the
// scores of repeated archs; simple rows really take it, and a repeated arch is scored once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { openPredictor } from "../src/predict/predictor.js";
import { TreeScorer } from "../src/predict/treeScorer.js";
import type { TreeScoringPlan, WasmTreePredictor } from "../src/predict/wasmTreePredictor.js";
import { predictTreeChunk } from "../src/io/rowJobs.js";
import { predictTreeBytesChunk, type ByteChunkResult } from "../src/io/treeRowBytes.js";
import type { HashChunkResult } from "../src/io/rowJobs.js";
import { ArchTable } from "../src/io/archTable.js";
import { ByteRowReader } from "../src/io/byteRow.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { runCli } from "./helpers/cli.js";

const MODEL = sharedPath("golden/xgb_nb201_onehot.onnx");
const space = getSpace("nb201");
let predictor: WasmTreePredictor | undefined;
let plan: TreeScoringPlan;
let scorer: TreeScorer;

before(async () => {
  if (!needsShared("golden/xgb_nb201_onehot.onnx").skip) {
    predictor = await openPredictor(MODEL, space, { features: "nb201/onehot@1", batchSize: 7 }) as WasmTreePredictor;
    // A small batch size, so chunks are scored in several batches as the predictor would.
    plan = predictor.scoringPlan();
    scorer = new TreeScorer(plan.compiled, plan.encoding, space.genomeLength);
  }
});

after(async () => {
  await predictor?.close();
});

function archOf(genes: number[]): string {
  return space.format(Uint8Array.from(genes)) as string;
}

/** Genes of any NB201 cell. */
const genes = fc.tuple(...space.cardinalities.map((n) => fc.integer({ min: 0, max: n - 1 })));
const POISONED = archOf(space.cardinalities.map(() => 1));

/** Keys and values of every kind, including the ones that must take the string path. */
const key = fc.oneof(fc.constantFrom("key", "pred", "acc", "0", "12", "007", "__proto__", "arch", "a\"b", "é", "x\\y", "a b", "key"), fc.string({ maxLength: 5 }));
const scalar = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 1.5e-7, 0.1, 100, 123456789012345678), fc.string({ maxLength: 8 }), fc.boolean(),
  fc.constant(null), fc.string({ unit: "grapheme", maxLength: 4 }), fc.string({ unit: "binary", maxLength: 4 }));
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
/** NB201 read leniently (spaces ignored), so arch texts that are not canonical are members too. */
const lenient: typeof space = Object.create(space, {
  parse: { value: (value: unknown, location?: object) => space.parse(typeof value === "string" ? value.replace(/ /g, "") : value, location) },
});
const arch = fc.oneof({ weight: 12, arbitrary: genes.map(archOf) },
  { weight: 3, arbitrary: fc.tuple(genes, fc.nat()).map(([g, at]) => { const text = archOf(g); const cut = at % text.length; return text.slice(0, cut) + " " + text.slice(cut); }) },
  { weight: 1, arbitrary: fc.constantFrom(POISONED, "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|", "", "x\\\"y") },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });

/** A line: a row written compactly (mostly), in Python's spacing, with other number spellings or raw; or an odd line. */
const line = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(arch, fc.array(fc.tuple(key, value), { maxLength: 3 }), fc.constantFrom("compact", "compact", "compact", "python", "spelled", "raw", "padded"))
    .map(([archValue, members, style]) => {
      const body = [["arch", archValue] as [string, unknown], ...members];
      const json = (v: unknown) => JSON.stringify(v) ?? "null";
      if (style === "python") return "{" + body.map(([k, v]) => `${JSON.stringify(k)}: ${json(v)}`).join(", ") + "}";
      if (style === "spelled") return "{" + body.map(([k, v]) => `${JSON.stringify(k)}:${typeof v === "number" ? v.toExponential() : json(v)}`).join(",") + "}";
      if (style === "raw") return `{"arch":${json(archValue)}${members.map(([k, v]) => `,"${k}":${String(v)}`).join("")}}`;
      const compact = "{" + body.map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`).join(",") + "}";
      return style === "padded" ? ` ${compact}\t` : compact;
    }) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "not json {", "{\"arch\":\"|none~0|", "[1]", "\u0000", "{\"arch\":\"é\"}") });

/** A chunk's bytes: lines ended by "\n" or "\r\n", the last one maybe unended. */
const chunk = fc.tuple(fc.array(line, { maxLength: 25 }), fc.boolean(), fc.boolean())
  .map(([lines, crlf, ended]) => Buffer.from(lines.join(crlf ? "\r\n" : "\n") + (ended && lines.length > 0 ? "\n" : ""), "utf8"));

/** The score field and its policy: after the fields, or placed by JSON.stringify. */
const fieldOption = fc.constantFrom({ field: "pred", replaceField: false }, { field: "key", replaceField: false }, { field: "pred", replaceField: true },
  { field: "arch", replaceField: true }, { field: "0", replaceField: false }, { field: "é\"", replaceField: false }, { field: "a b", replaceField: false });

/** The scorer, or one whose score of POISONED is NaN (a model with a non-finite leaf). */
function scorerOf(poison: boolean): TreeScorer {
  if (!poison) return scorer;
  const poisoned = space.parse(POISONED);
  return {
    score(genomes: Uint8Array): Float32Array {
      const scores = scorer.score(genomes);
      for (let i = 0; i < scores.length; i++) {
        if (genomes.subarray(i * 6, i * 6 + 6).every((g, k) => g === poisoned[k])) scores[i] = Number.NaN;
      }
      return scores;
    },
  } as TreeScorer;
}

function outputOf(result: ByteChunkResult | HashChunkResult): { text: string; lineCount: number; error: unknown } {
  const text = "bytes" in result ? Buffer.from(result.bytes).toString("utf8") : result.text;
  return { text, lineCount: result.lineCount, error: result.error };
}

test("the byte path writes the string path's bytes, line count and error for any chunk, with and without score reuse",
  needsShared("golden/xgb_nb201_onehot.onnx"), () => {
    // One table per space across runs, as on a worker: archs and scores remembered from earlier chunks.
    const tables = new Map([[space, new ArchTable(space)], [lenient, new ArchTable(lenient)]]);
    fc.assert(fc.property(chunk, fieldOption, fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom(space, lenient), (bytes, option, reuseScores, poison, clear, read) => {
      const table = tables.get(read)!;
      if (clear) table.trim(0, 0);
      const used = scorerOf(poison);
      const expected = predictTreeChunk(read, used, plan, new Uint8Array(bytes), "rows.jsonl", option.field, option.replaceField);
      const actual = predictTreeBytesChunk(read, used, plan, table, new Uint8Array(bytes), "rows.jsonl", { ...option, reuseScores });
      assert.deepEqual(outputOf(actual), outputOf(expected));
    }), { numRuns: 1500 });
  });

test("simple rows take the byte path, and with reuse a repeated arch is scored once across chunks", needsShared("golden/xgb_nb201_onehot.onnx"), () => {
  const rows = Array.from({ length: 300 }, (_, i) => `{"arch":"${archOf([i % 5, (i >> 1) % 5, 0, 1, 2, i % 3])}","key":"k${i}","n":${i},"ok":true}`);
  const bytes = Buffer.from(rows.join("\n") + "\n");
  let scored = 0;
  const counting = { score: (genomes: Uint8Array) => { scored += genomes.length / space.genomeLength; return scorer.score(genomes); } } as TreeScorer;
  const table = new ArchTable(space);
  const expected = predictTreeChunk(space, scorer, plan, new Uint8Array(bytes), "rows.jsonl", "pred", false).text;
  const first = predictTreeBytesChunk(space, counting, plan, table, new Uint8Array(bytes), "rows.jsonl", { field: "pred", replaceField: false, reuseScores: true });
  assert.ok("bytes" in first, "a chunk of simple rows took the string path");
  assert.equal(Buffer.from(first.bytes).toString("utf8"), expected);
  const distinct = new Set(rows.map((row) => JSON.parse(row).arch)).size;
  assert.equal(table.size, distinct);
  assert.equal(scored, distinct);
  const again = predictTreeBytesChunk(space, counting, plan, table, new Uint8Array(bytes), "rows.jsonl", { field: "pred", replaceField: false, reuseScores: true });
  assert.equal(scored, distinct, "a remembered arch was scored again");
  assert.ok("bytes" in again);
  assert.equal(Buffer.from(again.bytes).toString("utf8"), expected);
  const unreused = predictTreeBytesChunk(space, counting, plan, table, new Uint8Array(bytes), "rows.jsonl", { field: "pred", replaceField: false, reuseScores: false });
  assert.equal(scored, distinct + rows.length, "without reuse every row is scored");
  assert.ok("bytes" in unreused);
  assert.equal(Buffer.from(unreused.bytes).toString("utf8"), expected);
});

test("the byte row reader takes compact printable-ASCII rows and leaves every other row to the string path", () => {
  const reader = new ByteRowReader("pred");
  const takes = (text: string) => reader.read(Buffer.from(text, "utf8"), 0, Buffer.byteLength(text));
  for (const row of ["{\"arch\":\"a\"}", "{\"arch\":\"a b\",\"k\":\"v\",\"n\":-12,\"x\":0.5,\"t\":true,\"f\":false,\"z\":null,\"e\":1e+21}", "{\"arch\":\"a\",\"\":1}"]) {
    assert.ok(takes(row), row);
  }
  for (const row of ["{\"arch\": \"a\"}", " {\"arch\":\"a\"}", "{\"arch\":\"a\"} ", "{\"arch\":\"a\\u0041\"}", "{\"arch\":\"é\"}", "{\"arch\":\"a\",\"k\":\"é\"}",
    "{\"arch\":\"a\",\"pred\":1}", "{\"arch\":\"a\",\"arch\":1}", "{\"arch\":\"a\",\"k\":1,\"k\":2}", "{\"arch\":\"a\",\"0\":1}", "{\"arch\":\"a\",\"__proto__\":1}",
    "{\"arch\":\"a\",\"k\":1.0}", "{\"arch\":\"a\",\"k\":-0}", "{\"arch\":\"a\",\"k\":01}", "{\"arch\":\"a\",\"k\":1e3}", "{\"arch\":\"a\",\"k\":12345678901234567890}",
    "{\"arch\":\"a\",\"k\":{}}", "{\"arch\":\"a\",\"k\":[1]}", "{\"arch\":\"a\",\"k\":tru}", "{\"arch\":{\"ops\":[]}}", "{\"arch\":\"a\"", "{\"arch\":\"a\",}", "{\"arch\":\"a\"}}",
    "{\"key\":\"k\",\"arch\":\"a\"}", "{\"arch\":\"a\t\"}"]) {
    assert.ok(!takes(row), row);
  }
});

test("the arch table finds every one of 15,625 NB201 cells by its bytes, with its genome and output head, and empties past its limits", () => {
  const table = new ArchTable(space);
  const texts: string[] = [];
  for (let code = 0; code < 5 ** 6; code++) texts.push(archOf(Array.from({ length: 6 }, (_, i) => Math.floor(code / 5 ** i) % 5)));
  const entries = texts.map((text) => {
    const bytes = Buffer.from(text, "latin1");
    const reader = new ByteRowReader("pred");
    assert.ok(reader.read(Buffer.from(`{"arch":"${text}"}`), 0, text.length + 11));
    assert.equal(table.find(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0, bytes.length, reader.spans.archHash), -1);
    return table.add(bytes, 0, bytes.length, reader.spans.archHash, text);
  });
  assert.equal(table.size, texts.length);
  texts.forEach((text, i) => {
    const bytes = Buffer.from(text, "latin1");
    const reader = new ByteRowReader("pred");
    reader.read(Buffer.from(`{"arch":"${text}"}`), 0, text.length + 11);
    const entry = table.find(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0, bytes.length, reader.spans.archHash);
    assert.equal(entry, entries[i]);
    assert.deepEqual(table.genome(entry), space.parse(text));
    assert.equal(Buffer.from(table.bytes.subarray(table.headStart(entry), table.headStart(entry) + table.headBytes(entry))).toString("utf8"), `{"arch":${JSON.stringify(text)}`);
  });
  table.trim(texts.length, Number.MAX_SAFE_INTEGER);
  assert.equal(table.size, texts.length, "a table within its limits is kept");
  table.trim(texts.length - 1);
  assert.equal(table.size, 0);
});

test("predict on the byte path (1 or 2 workers, with and without --no-score-reuse) writes what the predictor path (--threads 2) writes, odd rows in later chunks included",
  needsShared("golden/xgb_nb201_onehot.onnx"), () => {
    const work = mkdtempSync(path.join(tmpdir(), "lissnas-tree-bytes-"));
    const sample = runCli(["sample", "nb201", "-n", "30000", "--seed", "8"]);
    assert.equal(sample.status, 0, sample.stderr);
    const lines = sample.stdout.trim().split("\n");
    lines[3] = lines[3].replace(/,/g, ", ");
    lines[12000] = lines[12000].slice(0, -1) + ",\"note\":\"caf\u00e9\",\"acc\":1.0}";
    lines[25000] = "";
    lines[29000] = lines[29000].slice(0, -1) + ",\"n\":7}\r";
    const file = path.join(work, "rows.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const run = (...extra: string[]) => {
      const result = runCli(["predict", "nb201", file, "--model", MODEL, "--features", "nb201/onehot@1", ...extra]);
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    // With its own scoring threads, the predictor scores rows the string path parsed.
    const reference = run("--workers", "1", "--threads", "2");
    assert.equal(reference.split("\n").length - 1, 29999);
    for (const workers of ["1", "2"]) {
      assert.equal(run("--workers", workers), reference, `--workers ${workers}`);
      assert.equal(run("--workers", workers, "--no-score-reuse"), reference, `--workers ${workers} --no-score-reuse`);
    }
  });
