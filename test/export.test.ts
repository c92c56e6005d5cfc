import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";

/** A hand-made space directory: space.jsonl of `archs` and a manifest naming the space. */
function spaceDir(space: string, archs: unknown[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lissnas-export-${space}-`));
  writeFileSync(path.join(dir, "space.jsonl"), archs.map((arch) => JSON.stringify({ arch })).join("\n") + "\n");
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ space }));
  return dir;
}

function exported(dir: string, format: string, extra: string[] = []): string {
  const out = path.join(dir, `export.${format}`);
  const result = runCli(["export", dir, "--format", format, "--out", out, ...extra]);
  assert.equal(result.status, 0, result.stderr);
  return readFileSync(out, "utf8");
}

const A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
const B = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|";

test("nb201 exports NASLib op indices: edges (1,2) (1,3) (1,4) (2,3) (2,4) (3,4), ops skip, none, conv3x3, conv1x1, avgpool", () => {
  const dir = spaceDir("nb201", [A, B]);
  const rows = jsonLines(exported(dir, "naslib"));
  // A: (1,2) conv3 -> 2, (1,3) conv3 -> 2, (1,4) skip -> 0, (2,3) conv1 -> 3, (2,4) conv3 -> 2, (3,4) conv1 -> 3.
  assert.deepEqual(rows.map((r) => r.arch), [A, B]);
  assert.deepEqual(rows[0].op_indices, [2, 2, 0, 3, 2, 3]);
  // B: (1,2) avg -> 4, (1,3) conv1 -> 3, (1,4) conv3 -> 2, (2,3) skip -> 0, (2,4) conv3 -> 2, (3,4) avg -> 4.
  assert.deepEqual(rows[1].op_indices, [4, 3, 2, 0, 2, 4]);
});

test("nb201's operation mask lists, per edge, the union of operations the members use, in lissnas and NASLib terms", () => {
  const mask = JSON.parse(exported(spaceDir("nb201", [A, B]), "mask"));
  assert.equal(mask.kind, "operation-mask");
  assert.equal(mask.members, 2);
  assert.deepEqual(mask.positions.map((p: { name: string }) => p.name),
    ["edge_1_from_0", "edge_2_from_0", "edge_2_from_1", "edge_3_from_0", "edge_3_from_1", "edge_3_from_2"]);
  assert.deepEqual(mask.positions.map((p: { used: string[] }) => p.used), [
    ["nor_conv_3x3", "avg_pool_3x3"], ["nor_conv_1x1", "nor_conv_3x3"], ["skip_connect", "nor_conv_1x1"],
    ["skip_connect", "nor_conv_3x3"], ["nor_conv_3x3"], ["nor_conv_1x1", "avg_pool_3x3"],
  ]);
  assert.deepEqual(mask.positions[4].counts, [0, 0, 0, 2, 0]);
  assert.deepEqual(mask.naslib, [
    { edge: [1, 2], op_indices: [2, 4] }, { edge: [1, 3], op_indices: [2, 3] }, { edge: [1, 4], op_indices: [0, 2] },
    { edge: [2, 3], op_indices: [0, 3] }, { edge: [2, 4], op_indices: [2] }, { edge: [3, 4], op_indices: [3, 4] },
  ]);
});

test("csv and jsonl exports carry the space's column names and the gene values", () => {
  const dir = spaceDir("nb201", [A, B]);
  const lines = exported(dir, "csv").trim().split("\n");
  assert.equal(lines[0], "key,edge_1_from_0,edge_2_from_0,edge_2_from_1,edge_3_from_0,edge_3_from_1,edge_3_from_2");
  // Gene values index none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
  assert.match(lines[1], /^[0-9a-f]{32},3,3,2,1,3,2$/);
  assert.match(lines[2], /^[0-9a-f]{32},4,2,1,3,3,4$/);
  const rows = jsonLines(exported(dir, "jsonl"));
  assert.deepEqual({ ...rows[1], key: undefined }, { arch: B, key: undefined, edge_1_from_0: 4, edge_2_from_0: 2, edge_2_from_1: 1, edge_3_from_0: 3, edge_3_from_1: 3, edge_3_from_2: 4 });
  assert.equal(rows[0].key, lines[1].split(",")[0]);
});

test("nb301 exports NASLib's compact genotype: (input, op) pairs per cell, ops in the compact order", () => {
  const genotype = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 0), ('max_pool_3x3', 2), ('avg_pool_3x3', 1), ('dil_conv_5x5', 3)], normal_concat=[2, 3, 4, 5], " +
    "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
  const dir = spaceDir("nb301", [genotype]);
  const [row] = jsonLines(exported(dir, "naslib")) as Array<{ arch: string; compact: number[][][] }>;
  // NASLib's convert_genotype_to_compact applied to the exported (canonical, pair-sorted) genotype.
  const OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"];
  const cells = [...row.arch.matchAll(/(?:normal|reduce)=\[([^\]]*)\]/g)].map((m) => [...m[1].matchAll(/\('(\w+)', (\d)\)/g)].map((p) => [Number(p[2]), OPS.indexOf(p[1])]));
  assert.equal(cells.length, 2);
  assert.deepEqual(row.compact, cells);
  // Hand-checked: the normal cell's node 2 reads sep_conv_3x3 from 0 and from 1.
  assert.deepEqual(row.compact[0].slice(0, 2), [[0, 3], [1, 3]]);
  const mask = JSON.parse(exported(dir, "mask"));
  assert.equal(mask.edges.length, 28);
  assert.deepEqual(mask.edges.find((e: { cell: string; from: number; to: number }) => e.cell === "normal" && e.from === 3 && e.to === 5).ops, ["dil_conv_5x5"]);
  assert.deepEqual(mask.edges.find((e: { cell: string; from: number; to: number }) => e.cell === "reduce" && e.from === 2 && e.to === 3).ops, ["skip_connect"]);
  assert.deepEqual(mask.edges.find((e: { cell: string; from: number; to: number }) => e.cell === "normal" && e.from === 2 && e.to === 3).ops, []);
});

test("nb101 exports the {matrix, ops} spec NASLib's set_spec takes, and its mask covers edge bits and vertex ops", () => {
  const spec = { matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "maxpool3x3", "output"] };
  const dir = spaceDir("nb101", [spec]);
  const [row] = jsonLines(exported(dir, "naslib"));
  assert.deepEqual(row.spec, spec);
  assert.match(String(row.key), /^[0-9a-f]{32}$/);
  const mask = JSON.parse(exported(dir, "mask"));
  const used = Object.fromEntries(mask.positions.map((p: { name: string; used: string[] }) => [p.name, p.used]));
  assert.deepEqual(used.edge_0_1, ["1"]);
  assert.equal(mask.positions.length, 26);
});

test("export refuses what it cannot do with clear messages and exit code 2", () => {
  const spos = spaceDir("spos", ["[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]"]);
  const bad = runCli(["export", spos, "--format", "naslib", "--out", path.join(spos, "x.jsonl")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /NASLib has no encoding lissnas exports for spos \(it does for nb201, nb301, nb101\); use --format jsonl, csv or mask/);
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-export-bare-"));
  mkdirSync(path.join(dir, "run"));
  writeFileSync(path.join(dir, "run", "space.jsonl"), JSON.stringify({ arch: A }) + "\n");
  const noSpace = runCli(["export", path.join(dir, "run"), "--format", "csv", "--out", path.join(dir, "x.csv")]);
  assert.equal(noSpace.status, 2);
  assert.match(noSpace.stderr, /names the space of this file: pass --space/);
  assert.equal(runCli(["export", path.join(dir, "run"), "--format", "csv", "--space", "nb201", "--out", path.join(dir, "x.csv")]).status, 0);
  const again = runCli(["export", path.join(dir, "run"), "--format", "csv", "--space", "nb201", "--out", path.join(dir, "x.csv")]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /output file exists; pass --force/);
  const format = runCli(["export", path.join(dir, "run"), "--format", "onnx", "--out", path.join(dir, "y")]);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be one of naslib, mask, csv, jsonl; found "onnx"/);
});
