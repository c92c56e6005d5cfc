// Hostile input text gives a short, printable message naming file and line: deep nesting, UTF-16 and
// binary files, control bytes, huge lines, overflowing numbers; and predict never overwrites an input
// field unless told, nor a table predictor silently merges an architecture listed twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";
import { jsonDepth } from "../src/io/inputText.js";
import { LissnasError, printable } from "../src/errors.js";
import { openPredictor } from "../src/predict/predictor.js";
import { getSpace } from "../src/spaces/registry.js";

const A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const B = "|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|skip_connect~2|";
const work = mkdtempSync(path.join(tmpdir(), "lissnas-input-"));

function file(name: string, content: string | Buffer): string {
  const full = path.join(work, name);
  writeFileSync(full, content);
  return full;
}

function assertUserError(args: string[], pattern: RegExp, input?: string): string {
  const result = runCli(args, input);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/);
  return result.stderr;
}

test("a row nested 200,000 levels deep is refused with file and line by hash and predict (no stack overflow)", () => {
  const deep = file("deep.jsonl", JSON.stringify({ arch: A }) + "\n" + `{"arch": "${A}", "x": ${"[".repeat(200000)}${"]".repeat(200000)}}\n`);
  assertUserError(["hash", "nb201", deep], /deep\.jsonl:2: JSON nested 200001 levels deep; expected at most 256/);
  assertUserError(["predict", "nb201", deep, "--predictor", "synthetic"], /deep\.jsonl:2: JSON nested 200001 levels deep/);
  // Ordinary nesting passes through.
  const nested = runCli(["hash", "nb201", "-"], JSON.stringify({ arch: A, meta: { a: [[1, { b: [2] }]] } }) + "\n");
  assert.equal(nested.status, 0, nested.stderr);
  assert.deepEqual(jsonLines(nested.stdout)[0].meta, { a: [[1, { b: [2] }]] });
});

test("jsonDepth counts brackets outside strings only", () => {
  assert.equal(jsonDepth('{"a": "[[[[{{"}'), 1);
  assert.equal(jsonDepth('{"a": "\\"[[["}'), 1);
  assert.equal(jsonDepth("[[[]],{}]"), 3);
  assert.equal(jsonDepth('"x"'), 0);
});

test("a UTF-16 file is reported as not UTF-8, and binary bytes as such", () => {
  const utf16 = file("utf16.jsonl", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ arch: A }) + "\n", "utf16le")]));
  assertUserError(["hash", "nb201", utf16], /utf16\.jsonl:1: not UTF-8 text \(it looks like UTF-16; convert it to UTF-8\)/);
  const binary = file("binary.jsonl", Buffer.from([0x7b, 0x00, 0x01, 0xc3, 0x28, 0x0a]));
  assertUserError(["hash", "nb201", binary], /binary\.jsonl:1: not UTF-8 text/);
  const latin1 = file("latin1.jsonl", Buffer.from(`{"arch": "${A}", "note": "caf\xe9"}\n`, "latin1"));
  assertUserError(["predict", "nb201", latin1, "--predictor", "synthetic"], /latin1\.jsonl:1: not UTF-8 text \(found bytes that are not UTF-8\)/);
});

test("control bytes of the input are escaped in messages, and an echoed excerpt is capped", () => {
  const esc = file("esc.jsonl", `|none~0|+\x1b[31m\x00|\n`);
  const stderr = assertUserError(["hash", "nb201", esc], /esc\.jsonl:1: (field "arch": )?not UTF-8 text \(found a NUL byte\)/);
  assert.doesNotMatch(stderr, /[\x00\x1b]/);
  const escOnly = file("esc2.jsonl", `|none~0|+\x1b[31m|\x07\n`);
  const message = assertUserError(["hash", "nb201", escOnly], /\\e\[31m/);
  assert.doesNotMatch(message, /[\x1b\x07]/);
  const long = file("long.jsonl", JSON.stringify({ arch: "a".repeat(5_000_000) }) + "\n");
  const longMessage = assertUserError(["hash", "nb201", long], /long\.jsonl:1: field "arch"/);
  assert.ok(longMessage.length < 1200, `message of ${longMessage.length} chars`);
  assert.match(longMessage, /a{120}…/);
});

test("printable escapes control characters and caps excerpts and messages", () => {
  assert.equal(printable('bad "\x1b[2J\x00x"'), 'bad "\\e[2J\\0x"');
  assert.equal(printable(`found "${"b".repeat(500)}"`), `found "${"b".repeat(120)}…"`);
  assert.ok(printable("c".repeat(100000)).length < 1000);
  assert.equal(new LissnasError("E_PARSE", "x\x07y", { file: "f" }).message, "f: x\\x07y");
});

test("a number that overflows (1e999) is reported as not finite, not as null", async () => {
  const table = file("inf.jsonl", `{"arch": "${A}", "acc": 1e999}\n`);
  await assert.rejects(openPredictor(`table:${table}:acc`, getSpace("nb201")), /inf\.jsonl:1: field "acc": expected a finite number; found a number that is not finite \(Infinity/);
  assertUserError(["evaluate", "nb201", "--truth", table, "--target", "acc"], /inf\.jsonl:1: field "acc": expected a finite number; found a number that is not finite/);
});

test("predict refuses a --field that the input already has, unless --replace-field", () => {
  const input = file("fields.jsonl", JSON.stringify({ arch: A, pred: "mine" }) + "\n" + JSON.stringify({ arch: B }) + "\n");
  assertUserError(["predict", "nb201", input, "--predictor", "synthetic"], /fields\.jsonl:1: field "--field": the input row already has a field "pred"/);
  assertUserError(["predict", "nb201", input, "--predictor", "synthetic", "--field", "arch"], /"arch" is the architecture of every output row; pass --replace-field/);
  const replaced = runCli(["predict", "nb201", input, "--predictor", "synthetic", "--replace-field"]);
  assert.equal(replaced.status, 0, replaced.stderr);
  assert.equal(typeof jsonLines(replaced.stdout)[0].pred, "number");
  const other = runCli(["predict", "nb201", input, "--predictor", "synthetic", "--field", "score"]);
  assert.deepEqual(jsonLines(other.stdout).map((row) => row.pred), ["mine", undefined]);
});

test("a table missing an architecture names the table and the input's file and line", () => {
  const table = file("partial.jsonl", JSON.stringify({ arch: A, acc: 1 }) + "\n");
  const input = file("asked.jsonl", JSON.stringify({ arch: A }) + "\n" + JSON.stringify({ arch: B }) + "\n");
  assertUserError(["predict", "nb201", input, "--predictor", `table:${table}:acc`],
    /asked\.jsonl:2: field "arch": architecture .* is not in the table table:.*partial\.jsonl:acc/);
});

test("a table listing the same architecture twice is refused naming both lines, unless --duplicates says how to merge", async () => {
  const table = file("twice.jsonl", [JSON.stringify({ arch: A, acc: 1 }), JSON.stringify({ arch: B, acc: 5 }), JSON.stringify({ arch: A, acc: 3 })].join("\n") + "\n");
  const input = file("one.jsonl", JSON.stringify({ arch: A }) + "\n");
  assertUserError(["predict", "nb201", input, "--predictor", `table:${table}:acc`], /twice\.jsonl:3: field "arch": architecture .* is listed again \(first on line 1\)/);
  const mean = runCli(["predict", "nb201", input, "--predictor", `table:${table}:acc`, "--duplicates", "mean"]);
  assert.equal(jsonLines(mean.stdout)[0].pred, 2);
  const first = runCli(["predict", "nb201", input, "--predictor", `table:${table}:acc`, "--duplicates", "first"]);
  assert.equal(jsonLines(first.stdout)[0].pred, 1);
  assertUserError(["shrink", "nb201", "--predictor", `table:${table}:acc`, "--out", path.join(work, "never")], /listed again/);
  await assert.rejects(openPredictor(`table:${table}:acc`, getSpace("nb201")), /listed again/);
});
