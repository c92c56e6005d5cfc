import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { LissnasError } from "../src/errors.js";
import { formatCompact, parseCompact } from "../src/spaces/nb301/genotype.js";
import { NB301_CARDINALITIES, NB301_OPS } from "../src/spaces/nb301/genome.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const nb301 = getSpace("nb301");
const DATA_FILES = ["data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"];
const ROWS = DATA_FILES.flatMap((file) => sharedLines(file).map((line) => JSON.parse(line) as { arch: string; compact: number[][][] }));
const EXAMPLE = ROWS[0]?.arch ?? "";

test("the DARTS aliases name the nb301 space", () => {
  for (const alias of ["darts", "nasbench301", "NAS-Bench-301", "DARTS"]) assert.equal(getSpace(alias), nb301);
  assert.equal(nb301.wasmId, 2);
});

test("every arch string of both NB301 data files parses and formats back identically", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  assert.equal(ROWS.length, 1225);
  for (const row of ROWS) assert.equal(nb301.format(nb301.parse(row.arch)), row.arch);
});

test("the compact field of every data row decodes to the genome of its arch string, and back", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  for (const row of ROWS) {
    const genome = nb301.parse(row.arch);
    assert.deepEqual(parseCompact(row.compact), genome);
    assert.deepEqual(nb301.parse(row.compact), genome);
    assert.deepEqual(formatCompact(genome), row.compact);
  }
});

test("every data row is a valid member whose canonical form sorts each node's pair by input", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  const kernels = new SpaceKernels(nb301);
  const genomes = new Uint8Array(ROWS.length * 32);
  ROWS.forEach((row, i) => genomes.set(nb301.parse(row.arch), i * 32));
  const { genomes: canonical, valid } = kernels.canonicalize(genomes);
  assert.ok(valid.every((v) => v === 1));
  let swapped = 0;
  for (let i = 0; i < ROWS.length; i++) {
    for (let node = 0; node < 8; node++) {
      const base = i * 32 + node * 4;
      assert.ok(canonical[base] < canonical[base + 2]);
      if (genomes[base] > genomes[base + 2]) swapped++;
      const pair = (g: Uint8Array, edge: number) => `${g[base + 2 * edge]}/${g[base + 2 * edge + 1]}`;
      assert.deepEqual([pair(canonical, 0), pair(canonical, 1)].sort(), [pair(genomes, 0), pair(genomes, 1)].sort());
    }
  }
  // The benchmark strings are not pair-sorted: about half the nodes need the swap.
  assert.ok(swapped > 3000, `${swapped} nodes swapped`);
});

test("the gene cardinalities follow the layout cell*16 + node*4 + edge*2 + {input, op}", () => {
  assert.deepEqual(nb301.cardinalities, NB301_CARDINALITIES);
  const cell = [2, 7, 2, 7, 3, 7, 3, 7, 4, 7, 4, 7, 5, 7, 5, 7];
  assert.deepEqual([...nb301.cardinalities], [...cell, ...cell]);
});

test("the DARTS space holds exactly 1,076,746,950,455,072,400 pair-sorted genotypes", () => {
  // Per cell: C(2,2) * C(3,2) * C(4,2) * C(5,2) * 49^4 = 180 * 5,764,801 = 1,037,664,180; two cells.
  assert.equal(nb301.size(), 1_076_746_950_455_072_400n);
  assert.equal(nb301.size(), 1_037_664_180n ** 2n);
  assert.equal(nb301.uniqueSize(), nb301.size());
});

test("the largest edit distance is exactly 26, the sum of the per-node maxima 2, 3, 4, 4 found by enumeration", () => {
  const nodeMaxima: number[] = [];
  for (let node = 0; node < 4; node++) {
    const configs: number[][] = [];
    for (let i = 0; i < node + 2; i++) {
      for (let j = i + 1; j < node + 2; j++) {
        for (let p = 0; p < 7; p++) for (let q = 0; q < 7; q++) configs.push([i, p, j, q]);
      }
    }
    let largest = 0;
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    for (const x of configs) {
      a.set(x, node * 4);
      for (const y of configs) {
        b.set(y, node * 4);
        largest = Math.max(largest, nb301.reference.editDistance(a, b));
      }
    }
    nodeMaxima.push(largest);
  }
  assert.deepEqual(nodeMaxima, [2, 3, 4, 4]);
  assert.equal(nb301.maxEditDistance, 2 * nodeMaxima.reduce((s, x) => s + x, 0));
  // A pair reaching it, through the WASM kernel too.
  const far = nb301.parse("Genotype(normal=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])");
  const other = nb301.parse("Genotype(normal=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 1), ('avg_pool_3x3', 2), ('avg_pool_3x3', 2), ('avg_pool_3x3', 3), ('avg_pool_3x3', 2), ('avg_pool_3x3', 3)], normal_concat=[2, 3, 4, 5], reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 1), ('avg_pool_3x3', 2), ('avg_pool_3x3', 2), ('avg_pool_3x3', 3), ('avg_pool_3x3', 2), ('avg_pool_3x3', 3)], reduce_concat=[2, 3, 4, 5])");
  assert.equal(new SpaceKernels(nb301).editDistances(far, other)[0], 26);
});

function variant(from: string, to: string): string {
  assert.ok(EXAMPLE.includes(from), `example lacks ${from}`);
  return EXAMPLE.replace(from, to);
}

test("an unknown op names the token, the cell and pair, and the expected ops", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  // EXAMPLE begins normal=[('sep_conv_5x5', 0), ...
  assert.throws(() => nb301.parse(variant("('sep_conv_5x5', 0)", "('conv_5x5', 0)"), { file: "archs.jsonl", line: 3 }), (error) => {
    assert.ok(error instanceof LissnasError);
    assert.equal(error.code, "E_PARSE");
    assert.deepEqual(error.location, { field: "arch", file: "archs.jsonl", line: 3 });
    assert.equal(error.message, `archs.jsonl:3: field "arch": normal[0] (node 2): unknown op "conv_5x5" in ('conv_5x5', 0); expected one of ${NB301_OPS.join(", ")}`);
    return true;
  });
});

test("an input out of range for its node names the pair and the allowed inputs", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  // normal[1] is ('sep_conv_3x3', 1) in node 2, which reads from 0..1 only.
  assert.throws(() => nb301.parse(variant("('sep_conv_3x3', 1)", "('sep_conv_3x3', 2)")),
    /normal\[1\] \(node 2\): input 2 in \('sep_conv_3x3', 2\) is out of range; node 2 reads from 0\.\.1$/);
  assert.throws(() => nb301.parse(variant("('avg_pool_3x3', 3)]", "('avg_pool_3x3', 6)]")),
    /reduce\[7\] \(node 5\): input 6 in \('avg_pool_3x3', 6\) is out of range; node 5 reads from 0\.\.4$/);
});

test("two equal inputs within a node name both pairs and the node", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  // normal[0..1] = ('sep_conv_5x5', 0), ('sep_conv_3x3', 1)
  assert.throws(() => nb301.parse(variant("('sep_conv_3x3', 1)", "('sep_conv_3x3', 0)")),
    /normal\[0\] \('sep_conv_5x5', 0\) and normal\[1\] \('sep_conv_3x3', 0\): node 2 reads input 0 twice; expected two distinct inputs$/);
});

test("a wrong number of pairs names the cell, the count found and the count expected", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  assert.throws(() => nb301.parse(variant("('sep_conv_5x5', 4), ", "")),
    /reduce has 7 \(op, input\) pair\(s\); expected 8, 2 for each of the nodes 2\.\.5$/);
  assert.throws(() => nb301.parse(variant("('dil_conv_3x3', 3)]", "('dil_conv_3x3', 3), ('skip_connect', 0)]")),
    /normal has 9 \(op, input\) pair\(s\); expected 8/);
});

test("a wrong concat list names the field, what it holds and [2, 3, 4, 5]", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  assert.throws(() => nb301.parse(variant("normal_concat=[2, 3, 4, 5]", "normal_concat=[2, 3, 4]")),
    /normal_concat is \[2, 3, 4\]; expected \[2, 3, 4, 5\]/);
  assert.throws(() => nb301.parse(variant("reduce_concat=[2, 3, 4, 5]", "reduce_concat=[5, 4, 3, 2]")),
    /reduce_concat is \[5, 4, 3, 2\]; expected \[2, 3, 4, 5\]/);
});

test("malformed syntax names the token found, its column and what was expected", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  assert.throws(() => nb301.parse("Genome(normal=[])"), /malformed Genotype: expected "Genotype" at the start; found "Genome" at column 1$/);
  assert.throws(() => nb301.parse(EXAMPLE.slice(0, -1)), /expected "\)" to close Genotype\(; found the end of the text$/);
  assert.throws(() => nb301.parse(EXAMPLE + " extra"), /expected the end of the text after "Genotype\(\.\.\.\)"; found "extra" at column \d+$/);
  assert.throws(() => nb301.parse(variant("normal=", "reduce=")), /expected "normal" as the first field; found "reduce" at column 10$/);
  assert.throws(() => nb301.parse(variant("('sep_conv_5x5', 0)", "(sep_conv_5x5, 0)")),
    /expected a quoted op name in normal\[0\]; found "sep_conv_5x5" at column 19$/);
  assert.throws(() => nb301.parse(variant("('sep_conv_5x5', 0)", "('sep_conv_5x5', x)")),
    /expected an input node number in normal\[0\]; found "x" at column 35$/);
  assert.throws(() => nb301.parse(variant("('sep_conv_5x5', 0)", "('sep_conv_5x5'; 0)")),
    /unexpected character ";" at column 33/);
  assert.throws(() => nb301.parse(""), /expected "Genotype" at the start; found the end of the text$/);
});

test("whitespace between tokens and double quotes are accepted; format prints the benchmark's spelling", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  const loose = EXAMPLE.replace(/, /g, ",").replace(/'/g, '"').replace("Genotype(", "Genotype( ");
  assert.equal(nb301.format(nb301.parse(loose)), EXAMPLE);
});

test("a value that is neither a Genotype string nor a compact list is rejected with what was found", () => {
  assert.throws(() => nb301.parse(42), /expected a DARTS string like "Genotype\(normal=.*; found number 42$/);
  assert.throws(() => nb301.parse({ normal: [] }), /found an object$/);
});

test("compact-form errors name the cell, the pair and the expected values", needsShared("data/nb301/nb301_naslib_zc500.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), () => {
  const compact = ROWS[0].compact;
  const edited = (cell: number, pair: number, value: unknown) => {
    const copy = structuredClone(compact) as unknown[][];
    copy[cell][pair] = value;
    return copy;
  };
  assert.throws(() => parseCompact([compact[0]]), /field "compact": expected \[normal, reduce\], two lists of 8 \[input, op\] pairs; found 1 list\(s\)$/);
  assert.throws(() => parseCompact(edited(1, 2, [1, 7])), /reduce\[2\]: op index 7 in \[1, 7\] is out of range; expected 0\.\.6 \(max_pool_3x3, .*dil_conv_5x5\)$/);
  assert.throws(() => parseCompact(edited(0, 3, [3, 2])), /normal\[3\] \(node 3\): input 3 in \[3, 2\] is out of range; node 3 reads from 0\.\.2$/);
  assert.throws(() => parseCompact(edited(0, 1, [0, 3])), /node 2 reads input 0 twice/);
  assert.throws(() => parseCompact(edited(0, 5, "x")), /normal\[5\]: expected an \[input, op\] pair of integers; found "x"$/);
  assert.throws(() => parseCompact([compact[0], compact[1].slice(1)]), /reduce has 7 \(op, input\) pair\(s\)/);
});
