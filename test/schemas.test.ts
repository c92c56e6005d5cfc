// Every JSON output, produced by a real (small) run, validated against its JSON Schema under schemas/.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { runCli } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

const SCHEMAS = fileURLToPath(new URL("../../schemas/", import.meta.url));
const NB201 = sharedPath("data/nb201/nb201.jsonl");
const ajv = new Ajv.default({ allErrors: true, strict: false });
const validators = new Map(readdirSync(SCHEMAS).filter((f) => f.endsWith(".schema.json"))
  .map((f) => [f.replace(".schema.json", ""), ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, f), "utf8")))]));

function valid(schema: string, value: unknown, expected = true): void {
  const validate = validators.get(schema);
  assert.ok(validate, `schemas/${schema}.schema.json exists`);
  if (expected) assert.ok(validate(value), `${schema}: ${ajv.errorsText(validate.errors)}`);
  else assert.equal(validate(value), false, `${schema} accepts ${JSON.stringify(value).slice(0, 200)}`);
}

function run(args: string[]): string {
  const result = runCli(args);
  assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lissnas-schemas-"));
});

test("evaluate --json, evaluation.json and charts.json follow their schemas", needsShared("data/nb201/nb201.jsonl"), () => {
  const out = path.join(dir, "evaluation");
  const printed = JSON.parse(run(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--train-target", "val_acc", "--seeds", "1",
    "--train-size", "200", "--initial", "200", "--out", out, "--json", "--quiet"]));
  valid("evaluation", printed);
  valid("evaluation", JSON.parse(readFileSync(path.join(out, "evaluation.json"), "utf8")));
  valid("charts", JSON.parse(readFileSync(path.join(out, "charts.json"), "utf8")));
  assert.deepEqual(Object.keys(printed).slice(0, 4), ["schema_version", "unit", "direction", "cost_field"]);
});

test("the shrink manifest and shrink --json follow their schemas", () => {
  const out = path.join(dir, "shrink");
  valid("shrink-summary", JSON.parse(run(["shrink", "nb201", "--predictor", "synthetic:1", "--initial", "200", "--max-iter", "2", "--out", out, "--json", "--quiet"])));
  valid("manifest", JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")));
});

test("the manifest of a Parquet run that minimises follows its schema and names its format", () => {
  const out = path.join(dir, "shrink-parquet");
  run(["shrink", "nb201", "--predictor", "synthetic:1", "--initial", "200", "--max-iter", "2", "--minimize", "--format", "parquet", "--out", out, "--quiet"]);
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  valid("manifest", manifest);
  assert.equal(manifest.format, "parquet");
  assert.equal(manifest.direction, "min");
  valid("manifest", { ...manifest, format: "csv" }, false);
});

test("locality --json follows its schema", needsShared("data/nb201/nb201.jsonl"), () => {
  valid("locality", JSON.parse(run(["locality", "nb201", "--truth", NB201, "--target", "test_acc", "--walks", "50", "--max-distance", "3", "--json"])));
});

test("what fit prints follows its schema", needsShared("data/nb201/nb201.jsonl"), () => {
  const data = path.join(dir, "train.jsonl");
  writeFileSync(data, readFileSync(NB201, "utf8").split("\n").slice(0, 300).join("\n") + "\n");
  valid("fit", JSON.parse(run(["fit", "nb201", "--data", data, "--target", "val_acc", "--rounds", "5", "--out", path.join(dir, "m.onnx"), "--quiet"])));
});

test("spaces, size and distance --json follow their schemas", () => {
  valid("spaces", JSON.parse(run(["spaces", "--json"])));
  valid("size", JSON.parse(run(["size", "nb201", "--unique", "--json"])));
  const a = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
  const b = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
  valid("distance", JSON.parse(run(["distance", "nb201", a, b, "--json"])));
});

test("a schema refuses an output that lacks a required field or carries a wrong type", needsShared("data/nb201/nb201.jsonl"), () => {
  const size = JSON.parse(run(["size", "nb201", "--json"])) as Record<string, unknown>;
  delete size.schema_version;
  assert.equal(validators.get("size")!(size), false);
  const evaluation = JSON.parse(readFileSync(path.join(dir, "evaluation", "evaluation.json"), "utf8"));
  evaluation.rows[0].reason = 3;
  assert.equal(validators.get("evaluation")!(evaluation), false);
  evaluation.rows[0].reason = null;
  evaluation.unit = "cell";
  assert.equal(validators.get("evaluation")!(evaluation), false);
});
