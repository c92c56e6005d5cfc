import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { readLinesSync } from "../src/io/lineReader.js";
import { LineIndex } from "../src/io/lineIndex.js";

const work = mkdtempSync(path.join(tmpdir(), "lissnas-lines-"));

test("reading in chunks of any size gives the file's lines, with CRLF endings and multi-byte characters split across chunks", () => {
  const lineArbitrary = fc.string({ unit: fc.constantFrom("a", "é", "€", "𝄞", " ", "{", "\"", "\r"), maxLength: 12 });
  fc.assert(fc.property(fc.array(lineArbitrary, { maxLength: 20 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 17 }),
    (lines, crlf, finalNewline, chunkBytes) => {
      const clean = lines.map((line) => line.replace(/\r/g, ""));
      const text = clean.join(crlf ? "\r\n" : "\n") + (finalNewline && clean.length > 0 ? "\n" : "");
      const file = path.join(work, "lines.txt");
      writeFileSync(file, text);
      const read = [...readLinesSync(file, chunkBytes)];
      // A final "\n" ends the last line; it does not start an empty one.
      const expected = text.split("\n").map((line) => line.replace(/\r$/, ""));
      if (expected[expected.length - 1] === "") expected.pop();
      assert.deepEqual(read.map((l) => l.text), expected);
      assert.deepEqual(read.map((l) => l.line), expected.map((_, i) => i + 1));
    }), { numRuns: 300 });
});

test("the line index reads back any non-blank line by number, with its 1-based line number, whatever the chunk size", () => {
  const lineArbitrary = fc.oneof(fc.constant(""), fc.constant("  "), fc.string({ unit: fc.constantFrom("a", "é", "€", "𝄞", "{", "\""), minLength: 1, maxLength: 12 }));
  fc.assert(fc.property(fc.array(lineArbitrary, { maxLength: 25 }), fc.boolean(), fc.integer({ min: 1, max: 17 }), (lines, crlf, chunkBytes) => {
    const file = path.join(work, "indexed.txt");
    writeFileSync(file, lines.join(crlf ? "\r\n" : "\n"));
    const index = LineIndex.build(file, chunkBytes);
    const expected = lines.map((text, i) => ({ text, line: i + 1 })).filter(({ text }) => text.trim() !== "");
    assert.equal(index.count, expected.length);
    const order = expected.map((_, i) => expected.length - 1 - i);
    assert.deepEqual(index.read(order), order.map((i) => expected[i].text));
    assert.deepEqual(expected.map((_, i) => index.lineNumber(i)), expected.map(({ line }) => line));
  }), { numRuns: 300 });
});
