// The packed tarball installed into a fresh project, as a user of the published package would: no
// install-time download, no onnxruntime-node, a node_modules under 40 MB, and a working CLI whose tree
// models run on the WASM engine alone; a model that needs onnxruntime names the package to install.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, lstatSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensembleToOnnx, type TestNode } from "./helpers/onnxTrees.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "lissnas-install-"));
const CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const metadata = { "lissnas.space": "nb201", "lissnas.features": "nb201/onehot@1" };
const NB201_ONEHOT_WIDTH = 30;

function run(command: string, args: string[], cwd: string, input?: string) {
  const result = spawnSync(command, args, { cwd, input, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bytes under `dir`, files and folders alike, links not followed (what `du` counts, near enough). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const entry = path.join(dir, name);
    const stats = lstatSync(entry);
    total += stats.isDirectory() ? treeBytes(entry) : stats.size;
  }
  return total;
}

/** A one-split tree on column 0 (edge 0 is `none`), in the branch mode given. */
function oneSplit(mode: "BRANCH_LEQ" | "BRANCH_EQ"): Uint8Array {
  const tree: TestNode[] = [{ id: 0, mode, feature: 0, threshold: mode === "BRANCH_EQ" ? 1 : 0.5, trueId: 1, falseId: 2 },
    { id: 1, mode: "LEAF", weight: 10 }, { id: 2, mode: "LEAF", weight: 20 }];
  return ensembleToOnnx({ trees: [tree], base: 0, aggregate: "SUM", tensorAttributes: false, castToDouble: false }, NB201_ONEHOT_WIDTH, metadata);
}

test("the packed tarball installs into a fresh project without onnxruntime-node or any install-time download, and its CLI runs tree models", { timeout: 180_000 }, () => {
  const pack = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], REPO);
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0].filename);

  const project = path.join(work, "consumer");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  const install = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
  assert.equal(install.status, 0, install.stderr);
  assert.doesNotMatch(install.stderr, /Unknown (project|env|user|global) config/);
  assert.doesNotMatch(install.stderr, /nuget|onnxruntime|cuda|deprecated|ERR!/i);
  assert.ok(existsSync(path.join(project, "node_modules", "lissnas", "build", "lissnas.wasm")));
  assert.ok(!existsSync(path.join(project, "node_modules", "onnxruntime-node")), "onnxruntime-node must stay optional");
  assert.ok(!existsSync(path.join(project, "node_modules", "assemblyscript")), "the compiler is a build tool only");
  const megabytes = treeBytes(path.join(project, "node_modules")) / 2 ** 20;
  assert.ok(megabytes <= 40, `node_modules holds ${megabytes.toFixed(1)} MB`);

  const spaces = run("npx", ["--no-install", "lissnas", "spaces"], project);
  assert.equal(spaces.status, 0, spaces.stderr);
  assert.match(spaces.stdout, /nb201/);

  writeFileSync(path.join(project, "tree.onnx"), oneSplit("BRANCH_LEQ"));
  // Edge 0 of CELL is nor_conv_3x3, so the none column is 0 <= 0.5: the left leaf.
  const predicted = run("npx", ["--no-install", "lissnas", "predict", "nb201", "--model", "tree.onnx", "-"], project, CELL + "\n");
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.deepEqual(JSON.parse(predicted.stdout), { arch: CELL, pred: 10 });

  // BRANCH_EQ is beyond the wasm engine: auto would hand it to onnxruntime, which is not installed.
  writeFileSync(path.join(project, "equals.onnx"), oneSplit("BRANCH_EQ"));
  const needsRuntime = run("npx", ["--no-install", "lissnas", "predict", "nb201", "--model", "equals.onnx", "-"], project, CELL + "\n");
  assert.equal(needsRuntime.status, 2, needsRuntime.stderr);
  assert.match(needsRuntime.stderr, /equals\.onnx: this model needs the optional package onnxruntime-node, which is not installed \(the wasm engine runs tree ensembles only/);
  assert.match(needsRuntime.stderr, /npm install onnxruntime-node/);
  assert.doesNotMatch(needsRuntime.stderr, /\n\s+at /, "no stack trace");
  const asked = run("npx", ["--no-install", "lissnas", "predict", "nb201", "--model", "tree.onnx", "--engine", "onnxruntime", "-"], project, CELL + "\n");
  assert.equal(asked.status, 2, asked.stderr);
  assert.match(asked.stderr, /onnxruntime-node, which is not installed \(--engine onnxruntime was asked for\)/);
});
