// Every option is checked when it is parsed, before any work: one numeral grammar for every numeric
// option, thread counts bounded by the cores, run sizes bounded by the memory they plan, and every
// refusal a clear message naming the option (exit 2, no stack).
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { InvalidArgumentError } from "commander";
import { integerOption, numberOption, seedOption, threadsOption, maxThreads } from "../src/cli/options.js";
import { checkPlannedMemory, memoryBudget, WASM32_BYTES } from "../src/cli/capacity.js";
import { LissnasError } from "../src/errors.js";
import { syntheticSeed } from "../src/cli/predictorArgument.js";
import { runCli } from "./helpers/cli.js";

const NB201_ARCH = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

function assertRefused(args: string[], pattern: RegExp, maxMs = 5000): void {
  const started = performance.now();
  const result = runCli(args);
  const ms = performance.now() - started;
  assert.equal(result.status, 2, `${args.join(" ")}: status ${result.status}\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error|RangeError/, "no stack trace");
  assert.equal(result.stdout, "", "nothing printed before the refusal");
  assert.ok(ms < maxMs, `${args.join(" ")} took ${ms.toFixed(0)} ms: refused before the work`);
}

test("integer, number and seed options read the same numerals: decimal, exponent and 0x-hex", () => {
  const integer = integerOption("--n", { min: 0 });
  const number = numberOption("--x");
  const seed = seedOption();
  for (const [text, value] of [["16", 16], ["0x10", 16], ["1.6e1", 16], ["1e3", 1000], [" 7 ", 7]] as const) {
    assert.equal(integer(text), value, text);
    assert.equal(number(text), value, text);
    assert.equal(seed(text), BigInt(value), text);
  }
  assert.equal(number("0.25"), 0.25);
  assert.equal(seed("0xffffffffffffffff"), (1n << 64n) - 1n);
  assert.equal(seed("18446744073709551615"), (1n << 64n) - 1n);
});

test("numeric options refuse what is not a number, not finite, not whole or out of range, naming the option", () => {
  const integer = integerOption("--count", { min: 1 });
  assert.throws(() => integer("1.5"), /--count must be an integer; found "1\.5" \(not a whole number\)/);
  assert.throws(() => integer("0"), /--count must be in 1\.\.∞; found 0/);
  assert.throws(() => integer("9007199254740993"), /--count must be an integer/);
  assert.throws(() => integer("abc"), /not a number/);
  assert.throws(() => numberOption("--x")("1e999"), /--x must be a number; found "1e999" \(not finite\)/);
  assert.throws(() => numberOption("--x")("Infinity"), /not finite/);
  assert.throws(() => numberOption("--x")("NaN"), /not finite/);
  assert.throws(() => numberOption("--seeds", { min: 0, exclusiveMin: true })("0"), /--seeds must be above 0; found 0/);
  assert.throws(() => seedOption()("18446744073709551616"), /--seed must be a non-negative integer below 2\^64/);
  assert.throws(() => seedOption()("-1"), /below 2\^64; found -1/);
});

test("every numeric parser returns a value in range or throws InvalidArgumentError for any text", () => {
  const parsers = [integerOption("--i", { min: -5, max: 1e6 }), numberOption("--n", { min: 0, max: 1 }), seedOption(), threadsOption("--workers")];
  fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[-+]?(0x)?[0-9a-f.eE+-]{0,30}$/)), (text) => {
    for (const parse of parsers) {
      try {
        parse(text);
      } catch (error) {
        assert.ok(error instanceof InvalidArgumentError, `${String(error)} for ${JSON.stringify(text)}`);
      }
    }
  }), { numRuns: 300 });
});

test("thread options are bounded by a small multiple of the cores, and the message says so", () => {
  const cores = availableParallelism();
  const max = maxThreads(cores);
  assert.ok(max >= 4 && max <= 64);
  assert.equal(threadsOption("--threads")(String(max)), max);
  assert.throws(() => threadsOption("--threads")(String(max + 1)), new RegExp(`--threads must be at most ${max} \\(4 per core, ${cores} cores?`));
  assertRefused(["predict", "nb201", "-", "--predictor", "synthetic", "--threads", "1024"], /--threads must be at most \d+ \(4 per core/);
  assertRefused(["sample", "nb201", "-n", "5", "--workers", "1024"], /--workers must be at most/);
  assertRefused(["shrink", "nb201", "--predictor", "synthetic", "--out", "x", "--workers", "1024"], /--workers must be at most/);
  assertRefused(["evaluate", "nb201", "--truth", "x", "--target", "y", "--workers", "1024"], /--workers must be at most/);
});

test("the memory budget is the smaller of wasm32's 4 GiB and half the machine, and a plan over it names the option and the bound", () => {
  assert.equal(memoryBudget(64 * 2 ** 30).bytes, WASM32_BYTES);
  assert.match(memoryBudget(64 * 2 ** 30).reason, /wasm32/);
  assert.equal(memoryBudget(2 * 2 ** 30).bytes, 2 ** 30);
  assert.match(memoryBudget(2 * 2 ** 30).reason, /half of this machine's 2\.00 GiB/);
  checkPlannedMemory("--n", "rows", 1000, 100, 0, { bytes: 1e6, reason: "test" });
  assert.throws(() => checkPlannedMemory("--n", "rows", 1e5, 100, 0, { bytes: 1e6, reason: "a test bound" }),
    (error: unknown) => error instanceof LissnasError && error.code === "E_CAPACITY" && /field "--n": rows: 100,000 at ~100 bytes each need ~9\.54 MiB; this run holds at most 0\.954 MiB \(a test bound\), about 10,000/.test(error.message));
});

test("run sizes that cannot fit are refused up front, naming the option and the memory bound", () => {
  const bound = /at most .*(wasm32|half of this machine)/;
  const shrink = ["shrink", "nb301", "--predictor", "synthetic", "--out", "never-written"];
  assertRefused([...shrink, "--num-seeds", "1e20"], new RegExp(`field "--num-seeds".*${bound.source}`));
  assertRefused([...shrink, "--seeds", "1e20"], new RegExp(`field "--seeds".*${bound.source}`));
  assertRefused([...shrink, "--num-seeds", "0.5", "--max-seeds", "9007199254740991"], /field "--max-seeds"/);
  assertRefused([...shrink, "--max-seeds", "9007199254740991"], /field "--max-seeds"/);
  assertRefused([...shrink, "--per-seed", "9007199254740991"], /field "--per-seed"/);
  assertRefused([...shrink, "--initial", "2000000000"], new RegExp(`field "--initial".*${bound.source}`));
  for (const option of ["--walks", "--walk-length", "--neighbours"]) {
    assertRefused(["locality", "nb201", "--predictor", "synthetic", option, "9007199254740991"], new RegExp(`field "${option}".*${bound.source}`));
  }
  assertRefused(["neighbours", "nb301", "--radius", "26", "-n", "100000000", "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])"],
    new RegExp(`field "--count".*${bound.source}`));
  assertRefused(["sample", "nb301", "-n", "1000000000", "--unique"], new RegExp(`field "--count".*${bound.source}`));
  assertRefused(["evaluate", "nb201", "--truth", "absent.jsonl", "--target", "y", "--per-seed", "9007199254740991"], /field "--per-seed"/);
});

test("a target size past one score table or the memory budget is refused up front, --reduction as well as --target-size", () => {
  const shrink = ["shrink", "nb301", "--predictor", "synthetic", "--out", "never-written"];
  assertRefused([...shrink, "--target-size", "200000000"], /field "--target-size": a space of 200,000,000 members needs a score table of more than the 100,663,296 keys/);
  // 1.08e18 / 1e10: past one score table, named by the option the user gave.
  assertRefused([...shrink, "--reduction", "1e10"], /field "--reduction": a space of 107,674,695 members needs a score table/);
  assertRefused([...shrink, "--target-size", "90000000"], /field "--target-size": a space of 90,000,000 members, held while it is extended and trimmed: .* need ~7\.74 GiB; this run holds at most/);
  assertRefused(["evaluate", "nb301", "--truth", "absent.jsonl", "--target", "y", "--target-size", "200000000"], /field "--target-size": a space of 200,000,000 members/);
});

test("sample --unique beyond the space's classes is refused naming their number", () => {
  assertRefused(["sample", "nb201", "-n", "1000000000", "--unique"], /--unique: nb201 has 6466 isomorphism classes; -n 1000000000 asks for more/);
  assertRefused(["sample", "nb201", "-n", "6467", "--unique"], /6466 isomorphism classes/);
  const result = runCli(["sample", "nb201", "-n", "6466", "--unique", "--seed", "3"]);
  assert.equal(result.status, 0, result.stderr);
});

test("evaluate refuses --radius beyond the space and --shrink-seeds 0 before reading the truth or training", () => {
  // The truth file does not exist: a refusal naming the option proves nothing was read first.
  assertRefused(["evaluate", "nb201", "--truth", "absent.jsonl", "--target", "test_acc", "--radius", "7"],
    /field "--radius": must be at most 6, the largest edit distance of nb201; found 7/);
  assertRefused(["evaluate", "nb201", "--truth", "absent.jsonl", "--target", "test_acc", "--shrink-seeds", "0"], /--shrink-seeds must be above 0; found 0/);
  assertRefused(["evaluate", "nb201", "--truth", "absent.jsonl", "--target", "test_acc", "--shrink-seeds", "2.5"], /field "--shrink-seeds": must be a count/);
  assertRefused(["evaluate", "nb201", "--truth", "absent.jsonl", "--target", "test_acc", "--seeds", "1,x"], /--seeds must be a non-negative integer/);
});

test("shrink checks its options before reading the predictor", () => {
  assertRefused(["shrink", "nb201", "--predictor", "table:absent.jsonl:acc", "--out", "never", "--radius", "7"], /--radius must be an integer in 1\.\.6/);
});

test("a synthetic predictor's seed is bounded like --seed instead of wrapping", () => {
  assert.equal(syntheticSeed("synthetic"), 1n);
  assert.equal(syntheticSeed("synthetic:0x10"), 16n);
  assert.equal(syntheticSeed("model.onnx"), undefined);
  assert.throws(() => syntheticSeed("synthetic:18446744073709551617"), (error: unknown) => error instanceof LissnasError && /below 2\^64/.test(error.message));
  assertRefused(["shrink", "nb201", "--predictor", "synthetic:18446744073709551617", "--out", "never"], /field "--predictor".*below 2\^64; found 18446744073709551617/);
  assertRefused(["shrink", "nb201", "--predictor", "synthetic:abc", "--out", "never"], /field "--predictor"/);
});

test("predict takes predictor specs with --predictor and says so when one is given as --model", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-options-"));
  const input = path.join(dir, "in.jsonl");
  writeFileSync(input, JSON.stringify({ arch: NB201_ARCH }) + "\n");
  const ok = runCli(["predict", "nb201", input, "--predictor", "synthetic:1"]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(typeof JSON.parse(ok.stdout).pred, "number");
  assertRefused(["predict", "nb201", input, "--model", "synthetic:1"], /--model takes an ONNX file; "synthetic:1" is a predictor spec: pass it as --predictor/);
});

test("control bytes in an argument are escaped in the parser's message", () => {
  const result = runCli(["sample", "nb201", "-n", "\x1b[2J\x07"]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--count must be an integer; found "\\e\[2J\\x07"/);
  assert.doesNotMatch(result.stderr, /[\x1b\x07]/);
});
