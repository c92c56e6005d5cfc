// The fast row reader agrees with JSON.parse: whenever it reads a row, it finds the arch JSON.parse
// finds and the other fields' text JSON.stringify would write; the common rows do take the fast path.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fastArchRow } from "../src/io/fastRow.js";
import { splitArchLine } from "../src/io/archStream.js";

const NB201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
const NB101 = { matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "output"] };

/** What the JSON.parse path gives for a line: the arch and JSON.stringify(fields) without braces. */
function parsedByJson(line: string): { arch: unknown; fieldsText: string; keys: string[] } | undefined {
  try {
    const { arch, fields } = splitArchLine(line, "rows.jsonl", 1);
    return { arch, fieldsText: JSON.stringify(fields).slice(1, -1), keys: Object.keys(fields) };
  } catch {
    return undefined;
  }
}

/** Keys and values of every kind, including the ones the fast path must leave to JSON.parse. */
const key = fc.oneof(fc.constantFrom("key", "pred", "acc", "0", "12", "__proto__", "arch", "a\"b", "é", "x\\y"), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 1.5e-7, 0.1, 100), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null),
  fc.string({ unit: "grapheme", maxLength: 4 }), fc.string({ unit: "binary", maxLength: 4 }));
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const arch = fc.oneof(fc.constant(NB201), fc.constant(NB101), fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }));

/** A row as text: JSON.stringify, Python's json.dumps spacing, or with number spellings JSON.stringify would not use. */
const rowText = fc.tuple(arch, fc.array(fc.tuple(key, value), { maxLength: 4 }), fc.constantFrom("compact", "python", "spelled", "raw"))
  .map(([archValue, members, style]) => {
    const body = [["arch", archValue] as [string, unknown], ...members];
    if (style === "compact") return "{" + body.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",") + "}";
    if (style === "python") return "{" + body.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v) ?? "null"}`).join(", ") + "}";
    if (style === "spelled") return "{" + body.map(([k, v]) => `${JSON.stringify(k)}:${typeof v === "number" ? v.toExponential() : JSON.stringify(v) ?? "null"}`).join(",") + "}";
    return `{"arch":${JSON.stringify(archValue)}${members.map(([k, v]) => `,"${k}":${String(v)}`).join("")}}`;
  });

test("whenever the fast path reads a row, it gives JSON.parse's arch and JSON.stringify's fields", () => {
  let read = 0;
  fc.assert(fc.property(rowText, (line) => {
    const fast = fastArchRow(line.trim());
    if (fast === undefined) return;
    read++;
    const expected = parsedByJson(line);
    assert.ok(expected !== undefined, `the fast path read a row JSON.parse refuses: ${line}`);
    assert.deepEqual(fast.arch, expected.arch);
    assert.equal(fast.fieldsText, expected.fieldsText);
    assert.deepEqual(fast.keys, expected.keys);
    assert.equal(fast.members.join(","), fast.fieldsText);
  }), { numRuns: 3000 });
  // The property must not hold by never taking the fast path.
  assert.ok(read > 300, `only ${read} of 3000 rows took the fast path`);
});

test("rows as lissnas and Python write them take the fast path", () => {
  const rows = [
    JSON.stringify({ arch: NB201, key: "b28b83494dd74bcc79c702fe30d43302" }),
    JSON.stringify({ arch: NB101, key: "043721b9c7fe8c5fad811d47d83132ec", pred: 0.9345, epochs: 108, ok: true, note: null }),
    `{"arch": "${NB201}", "pred": 83.74249267578125}`,
    `{"arch":"${NB201}"}`,
  ];
  for (const row of rows) {
    const fast = fastArchRow(row);
    assert.ok(fast !== undefined, row);
    assert.equal(fast.fieldsText, parsedByJson(row)!.fieldsText);
  }
});

test("rows whose fields JSON.stringify would write differently are left to JSON.parse", () => {
  for (const row of [
    `{"arch":"${NB201}","acc":1.0}`, `{"arch":"${NB201}","acc":-0}`, `{"arch":"${NB201}","acc":1e999}`,
    `{"arch":"${NB201}","n":"a\\u0041"}`, `{"arch":"${NB201}","0":1}`, `{"arch":"${NB201}","x":1,"x":2}`,
    `{"arch":"${NB201}","m":{"a":1}}`, `{"arch":"${NB201}"} trailing`, `{"key":"k","arch":"${NB201}"}`, `{"arch":"a\\"b"}`,
  ]) {
    assert.equal(fastArchRow(row), undefined, row);
  }
});
