// No import circles in src: a module never reaches itself through its imports, static, type-only or
// dynamic (e.g. predictor.ts loads its implementations, which share the contract in contract.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? sources(path.join(dir, entry.name))
    : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : []);
}

/** Relative imports of each module, as source paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:\bfrom|\bimport\(?)\s*"(\.{1,2}\/[^"]+)"/g)]
      .map((match) => path.resolve(path.dirname(file), match[1].replace(/\.js$/, ".ts")));
    graph.set(file, targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, "open" | "done">();
  const found: string[][] = [];
  const visit = (node: string, trail: string[]) => {
    state.set(node, "open");
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...trail.slice(trail.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next, [...trail, next]);
    }
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node, [node]);
  return found;
}

test("the cycle finder finds a circle when there is one", () => {
  const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
  assert.deepEqual(cycles(graph), [["a", "b", "c", "a"]]);
  assert.deepEqual(cycles(new Map([["a", ["b"]], ["b", []]])), []);
});

test("no module of src reaches itself through its imports", () => {
  const graph = importGraph();
  assert.ok(graph.size > 50 && (graph.get(path.join(SRC, "predict", "predictor.ts")) ?? []).length > 0, "the graph was read");
  const found = cycles(graph).map((cycle) => cycle.map((file) => path.relative(SRC, file)).join(" -> "));
  assert.deepEqual(found, []);
});
