// Data-backed tests on a checkout without the shared data: they skip naming the missing file and where
// the data comes from, except under CI=true, where missing data fails the run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { needsShared, sharedLines, sharedPath } from "./helpers/shared.js";

const NB201_TEST = fileURLToPath(new URL("./nb201.test.js", import.meta.url));

/** Runs `body` with the environment variables given (undefined deletes one), then restores them. */
function withEnv<T>(values: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  };
  apply(values);
  try { return body(); } finally { apply(saved); }
}

test("LISSNAS_SHARED is the only folder searched when set: present files are found, missing ones skip naming the file and the variable", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-shared-"));
  mkdirSync(path.join(dir, "data"));
  writeFileSync(path.join(dir, "data", "rows.jsonl"), "{\"a\": 1}\n\n{\"a\": 2}\n");
  withEnv({ LISSNAS_SHARED: dir, CI: undefined }, () => {
    assert.deepEqual(needsShared("data/rows.jsonl"), {});
    assert.equal(sharedPath("data/rows.jsonl"), path.join(dir, "data", "rows.jsonl"));
    assert.deepEqual(sharedLines("data/rows.jsonl"), ["{\"a\": 1}", "{\"a\": 2}"]);
    const { skip } = needsShared("data/rows.jsonl", "golden/model.onnx");
    assert.match(skip ?? "", /^shared data missing: golden\/model\.onnx \(looked in /);
    assert.ok(skip?.includes(dir), skip);
    assert.match(skip ?? "", /set LISSNAS_SHARED to its path/);
    assert.deepEqual(sharedLines("golden/missing.jsonl"), []);
  });
});

test("under CI=true a missing shared file is an error, not a skip", () => {
  withEnv({ LISSNAS_SHARED: "/nonexistent/lissnas-shared", CI: "true" }, () => {
    assert.throws(() => needsShared("data/nb201/nb201.jsonl"), /shared data missing: data\/nb201\/nb201\.jsonl .*CI=true: missing data is a failure/);
  });
});

test("a data-backed test file passes with its tests skipped when the data is missing, and fails under CI=true", () => {
  const empty = mkdtempSync(path.join(tmpdir(), "lissnas-no-shared-"));
  // Without NODE_TEST_CONTEXT the child runs as a test runner of its own, not as a subprocess of this one.
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  const run = (ci: string | undefined) => spawnSync(process.execPath, ["--test", "--test-reporter=tap", NB201_TEST], {
    encoding: "utf8", env: { ...env, LISSNAS_SHARED: empty, CI: ci ?? "" },
  });
  const local = run(undefined);
  assert.equal(local.status, 0, local.stdout);
  assert.match(local.stdout, /# SKIP shared data missing: data\/nb201\/nb201\.jsonl/);
  assert.match(local.stdout, /# fail 0/);
  const ci = run("true");
  assert.notEqual(ci.status, 0, ci.stdout);
  assert.match(ci.stdout, /CI=true: missing data is a failure/);
});
