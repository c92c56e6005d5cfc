// readLines: lines of a file or stdin as they arrive, numbered, blank ones skipped; read errors are LissnasErrors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readLines, inputName } from "../src/io/archStream.js";
import { LissnasError } from "../src/errors.js";

const dir = mkdtempSync(path.join(tmpdir(), "lissnas-lines-"));

async function collect(file: string) {
  const lines: Array<{ text: string; line: number }> = [];
  for await (const line of readLines(file)) lines.push(line);
  return lines;
}

test("lines keep their numbers across blank lines, CRLF endings and a last line without a newline", async () => {
  const file = path.join(dir, "mixed.jsonl");
  writeFileSync(file, "a\r\n\nb\n  \nc");
  assert.deepEqual(await collect(file), [{ text: "a", line: 1 }, { text: "b", line: 3 }, { text: "c", line: 5 }]);
});

test("multi-byte characters split between read chunks stay whole, and long files keep every line", async () => {
  const file = path.join(dir, "long.jsonl");
  const texts = Array.from({ length: 50000 }, (_, i) => `{"arch": "é€😀 ${i}"}`);
  writeFileSync(file, texts.join("\n") + "\n");
  const lines = await collect(file);
  assert.equal(lines.length, texts.length);
  lines.forEach((line, i) => {
    assert.equal(line.text, texts[i]);
    assert.equal(line.line, i + 1);
  });
});

test("an empty file is zero lines", async () => {
  const file = path.join(dir, "empty.jsonl");
  writeFileSync(file, "");
  assert.deepEqual(await collect(file), []);
});

test("a missing file or a directory is a LissnasError naming the file", async () => {
  await assert.rejects(collect(path.join(dir, "missing.jsonl")), (error: unknown) =>
    error instanceof LissnasError && error.message === `${path.join(dir, "missing.jsonl")}: cannot read: no such file`);
  await assert.rejects(collect(dir), (error: unknown) => error instanceof LissnasError && /cannot read: illegal operation on a directory/.test(error.message));
});

test("standard input is named <stdin> in messages", () => {
  assert.equal(inputName("-"), "<stdin>");
  assert.equal(inputName(undefined), "<stdin>");
  assert.equal(inputName("rows.jsonl"), "rows.jsonl");
});
