// The NB101 spec's JSON read and written without JSON.parse/stringify: the reader gives exactly the genome
// JSON.parse + parse give, or declines (and never for the common shapes); the writer gives exactly
// JSON.stringify(format(genome)); a hash run is the same text with and without them, errors included.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import type { SearchSpace } from "../src/spaces/space.js";
import { readSpecJson, formatSpecJson } from "../src/spaces/nb101/specJson.js";
import { NB101_OPS } from "../src/spaces/nb101/genome.js";
import { hashChunk } from "../src/io/rowJobs.js";

const nb101 = getSpace("nb101");

const rawGenome = fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 21, maxLength: 21 }),
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 5 }))
  .map(([edges, ops]) => Uint8Array.from([...edges, ...ops]));

/** The genome JSON.parse + parse give for text (undefined when either throws). */
function parsedSlowly(text: string): Uint8Array | undefined {
  try {
    return nb101.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Specs of every size, mostly well formed, with the entries and names the reader must decline now and then. */
const spec = fc.integer({ min: 0, max: 8 }).chain((n) => fc.record({
  // Entries on or below the diagonal are cleared, but for one spec in ten (parse refuses those).
  matrix: fc.tuple(fc.array(fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom<unknown>(0, 1) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, 2, -1, "1", null) }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
  fc.integer({ min: 0, max: 9 }))
    .map(([rows, lower]) => rows.map((row, i) => row.map((x, j) => (j <= i && lower !== 0 ? 0 : x)))),
  ops: fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom<unknown>(...NB101_OPS) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("input", "output", "conv5x5", "", 3, null, "conv3x3-bn-relu ") }), { minLength: Math.max(0, n - 2), maxLength: Math.max(0, n - 2) })
    .map((inner) => (n === 0 ? [] : n === 1 ? ["input"] : ["input", ...inner, "output"])),
}));

/** A spec as text: JSON.stringify, Python's json.dumps spacing, keys swapped, extra spaces, numbers spelled otherwise, extra members. */
const specText = fc.tuple(spec, fc.constantFrom("compact", "python", "swapped", "spaced", "spelled", "extra"))
  .map(([value, style]) => {
    switch (style) {
      case "compact": return JSON.stringify(value);
      case "python": return JSON.stringify(value).replace(/,/g, ", ").replace(/":/g, "\": ");
      case "swapped": return JSON.stringify({ ops: value.ops, matrix: value.matrix });
      case "spaced": return JSON.stringify(value, null, 1).replace(/\n/g, " \t");
      case "spelled": return JSON.stringify(value).replace(/1(?=[,\]])/, "1.0");
      default: return JSON.stringify({ ...value, note: 1 });
    }
  });

/** Text edits that break or change the JSON (and sometimes keep it valid). */
const edited = fc.tuple(specText, fc.array(fc.tuple(fc.nat(), fc.constantFrom("", "0", "1", ",", "[", "]", "{", "}", "\"", "\\", " ", "-", ".", "e", "x", "\\u0031")), { minLength: 1, maxLength: 3 }))
  .map(([text, edits]) => edits.reduce((t, [at, piece]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + piece + t.slice(i + (at % 2));
  }, text));

function assertAgrees(text: string, prefix = ""): void {
  const read = readSpecJson(prefix + text, prefix.length);
  if (read === undefined) return;
  // Whatever it reads, JSON.parse reads the same object there, and parse makes the same genome of it.
  const slow = parsedSlowly((prefix + text).slice(prefix.length, read.end));
  assert.ok(slow !== undefined, `read ${JSON.stringify(text)}, which JSON.parse + parse refuse`);
  assert.deepEqual(read.genome, slow);
}

test("the NB101 JSON reader gives the genome JSON.parse and parse give, or declines", () => {
  fc.assert(fc.property(fc.oneof(specText, edited), fc.constantFrom("", "{\"arch\": "), (text, prefix) => assertAgrees(text, prefix)), { numRuns: 3000 });
});

test("the NB101 JSON reader declines every spec that parse refuses, so errors keep their wording", () => {
  fc.assert(fc.property(fc.oneof(specText, edited), (text) => {
    // The reader reads one value and says where it ends (what follows is the row reader's): a refused
    // text may only be read when its refused part comes after that value.
    const read = readSpecJson(text, 0);
    if (parsedSlowly(text) === undefined) assert.ok(read === undefined || read.end < text.length, `read ${JSON.stringify(text)}`);
  }), { numRuns: 2000 });
});

test("the NB101 JSON reader takes the shapes the tables and lissnas write: compact, Python's spacing, either key order", () => {
  fc.assert(fc.property(rawGenome, (genome) => {
    const value = nb101.format(genome) as { matrix: number[][]; ops: string[] };
    const texts = [JSON.stringify(value), JSON.stringify(value).replace(/,/g, ", ").replace(/":/g, "\": "),
      JSON.stringify({ ops: value.ops, matrix: value.matrix })];
    for (const text of texts) {
      const read = readSpecJson(text, 0);
      assert.ok(read !== undefined, `declined ${text}`);
      assert.equal(read.end, text.length);
      assert.deepEqual(read.genome, nb101.parse(JSON.parse(text)));
    }
  }), { numRuns: 500 });
});

test("the NB101 JSON writer gives exactly JSON.stringify of the formatted spec, for every genome", () => {
  fc.assert(fc.property(rawGenome, (genome) => {
    assert.equal(formatSpecJson(genome), JSON.stringify(nb101.format(genome)));
  }), { numRuns: 2000 });
});

test("a hash run writes the same text with and without the NB101 JSON reader and writer, bad rows included", () => {
  const plain: SearchSpace = { ...nb101, readArchJson: undefined, formatJson: undefined };
  const fast = new SpaceKernels(nb101);
  const slow = new SpaceKernels(plain, fast.core);
  const row = fc.tuple(fc.oneof({ weight: 3, arbitrary: rawGenome.map((g) => JSON.stringify(nb101.format(g))) }, { weight: 1, arbitrary: specText }, { weight: 1, arbitrary: edited }),
    fc.constantFrom("", ",\"acc\":0.5", ", \"key\": \"x\"", ",\"arch\":1"))
    .map(([arch, rest]) => `{"arch":${arch}${rest}}`);
  fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
    const bytes = new TextEncoder().encode(rows.join("\n") + "\n");
    assert.deepEqual(hashChunk(fast, bytes, "rows.jsonl"), hashChunk(slow, bytes, "rows.jsonl"));
  }), { numRuns: 300 });
});
