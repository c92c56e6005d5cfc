import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);

test("onnxruntime-node installed with its CPU binaries for this platform and loads", () => {
  const root = path.dirname(require.resolve("onnxruntime-node/package.json"));
  const napi = readdirSync(path.join(root, "bin")).filter((name) => name.startsWith("napi-v"));
  assert.ok(napi.length > 0, `${root}/bin has no napi-v* folder: the package was installed without its binaries`);
  const folder = path.join(root, "bin", napi[0], process.platform, process.arch);
  assert.ok(existsSync(path.join(folder, "onnxruntime_binding.node")), `${folder}/onnxruntime_binding.node is missing`);
  const library = readdirSync(folder).find((name) => name.startsWith("libonnxruntime"));
  if (process.platform === "linux") {
    assert.ok(library !== undefined, `${folder} lacks libonnxruntime.so.*`);
    assert.ok(statSync(path.join(folder, library)).size > 1_000_000, `${library} is truncated`);
  }
  const ort = require("onnxruntime-node") as { InferenceSession?: unknown };
  assert.equal(typeof ort.InferenceSession, "function");
});

test("a missing onnxruntime-node and one without its native binding are told apart, each with its fix", async () => {
  const { onnxRuntimeLoadError } = await import("../src/predict/predictor.js");
  const missing = Object.assign(new Error("Cannot find package 'onnxruntime-node' imported from /x/onnxPredictor.js"), { code: "ERR_MODULE_NOT_FOUND" });
  const notInstalled = onnxRuntimeLoadError(missing, "model.onnx", "--engine onnxruntime was asked for");
  assert.equal(notInstalled.code, "E_PREDICTOR");
  assert.match(notInstalled.message, /needs the optional package onnxruntime-node, which is not installed \(--engine onnxruntime was asked for\)/);
  assert.match(notInstalled.message, /"npm install onnxruntime-node"/);
  const broken = onnxRuntimeLoadError(new Error("libonnxruntime.so.1: cannot open shared object file"), "model.onnx", "any");
  assert.match(broken.message, /onnxruntime-node cannot load its native binding \(libonnxruntime\.so\.1: cannot open shared object file\)/);
  assert.doesNotMatch(broken.message, /not installed/);
});
