// `npm start` (lissnas demo): its stdout says the scores are synthetic, explains the table's columns
// and the P(good) threshold, and ends with next steps that run on its output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";

test("the demo's stdout says synthetic, explains every column and its threshold, and its next steps run on its output", () => {
  const work = mkdtempSync(path.join(tmpdir(), "lissnas-demo-"));
  const out = path.join(work, "demo");
  const demo = runCli(["demo", "--space", "nb201", "--initial", "200", "--max-iter", "2", "--quiet", "--out", out]);
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout.split("\n")[0], /^SYNTHETIC scores: .*not benchmark data/);
  assert.match(demo.stderr, /SYNTHETIC landscape/);
  // Every column of the table's header line has a legend entry.
  const header = demo.stdout.split("\n").find((line) => line.startsWith("iter"))!.trim().split(/\s+/);
  assert.deepEqual(header, ["iter", "size", "seeds", "new", "mean", "best", "P(good)", "eff", "explored", "s"]);
  for (const column of header) {
    const name = column.replace(/[()]/g, "\\$&");
    assert.match(demo.stdout, new RegExp(`(^\\s+|[:;] |, )${name}(\\b|(?=\\s))[^;]*= `, "m"), `no legend entry for ${column}`);
  }
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as Record<string, unknown>;
  const threshold = JSON.stringify(manifest).match(/"good_threshold":([-0-9.e]+)/)?.[1];
  assert.ok(threshold !== undefined, "manifest lacks good_threshold");
  assert.match(demo.stdout, new RegExp(`P\\(good\\) = share of the space scoring >= ${Number(threshold).toFixed(3).replace(".", "\\.")}, the 80th percentile`));

  const steps = demo.stdout.slice(demo.stdout.indexOf("next steps:")).split("\n").slice(1)
    .map((line) => line.trim()).filter((line) => line.startsWith("npx lissnas "));
  assert.ok(steps.some((line) => line.includes(`sample --from ${out}`)) && steps.some((line) => line.includes(`report ${out}`)), steps.join("\n"));
  for (const step of steps.filter((line) => !line.includes("--help"))) {
    const args = step.split("#")[0].trim().split(/\s+/).slice(2);
    const result = runCli(args, undefined, work);
    assert.equal(result.status, 0, `${step}: ${result.stderr}`);
    if (args[0] === "sample") assert.equal(jsonLines(result.stdout).length, 10);
  }
  assert.ok(existsSync(`${out}.html`));
});
