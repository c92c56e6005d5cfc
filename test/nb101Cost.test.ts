import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { nb101Cost } from "../src/spaces/nb101/cost.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const nb101 = getSpace("nb101");
const TABLE = "data/nb101/nb101_vis20k.jsonl";
// No lines when the shared data is missing: the tests then skip (needsShared) before reading them.
const rows = sharedLines(TABLE).map((line) => JSON.parse(line) as { arch: unknown; params: number });

test("nb101 parameters equal NAS-Bench-101's trainable parameters for every one of the 20,001 table rows as stored", needsShared(TABLE), () => {
  assert.equal(rows.length, 20001);
  let mismatches = 0;
  for (const row of rows) if (nb101Cost(nb101.parse(row.arch)).params !== row.params) mismatches++;
  assert.equal(mismatches, 0);
});

test("the canonical labelling of a class splits channels differently by at most 1.3%, and the space exposes the cost", needsShared(TABLE), () => {
  const kernels = new SpaceKernels(nb101);
  let worst = 0;
  for (const row of rows.slice(0, 4000)) {
    const canonical = kernels.canonicalize(nb101.parse(row.arch)).genomes;
    worst = Math.max(worst, Math.abs(nb101.cost!(canonical).params - row.params) / row.params);
  }
  assert.ok(worst < 0.013, `worst relative difference ${worst}`);
  // The smallest cell: input -> output only (a 1x1 projection per module).
  const smallest = nb101Cost(nb101.parse({ matrix: [[0, 1], [0, 0]], ops: ["input", "output"] }));
  assert.ok(smallest.params > 0 && smallest.flops > 0);
  assert.ok(nb101.costUnits!.params.includes("NAS-Bench-101"));
});
