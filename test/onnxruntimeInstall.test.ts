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
