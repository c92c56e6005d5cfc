// The common JSON Lines row read without JSON.parse: `{"arch": ...}` first, then flat fields (strings
// without escapes, numbers written as JSON.stringify writes them, true/false/null). It gives the arch
// and the other fields as JSON text, exactly JSON.stringify(fields) without its braces, so rows are
// written back without parsing and re-serialising them. Anything else (escapes, nested fields,
// duplicate or array-index keys, invalid JSON) returns undefined and the caller takes the JSON.parse
// path (splitArchLine), which also words every error: the fast path never decides that a row is bad.
import { MAX_JSON_DEPTH } from "./inputText.js";
import { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, COLON, skipJsonSpace } from "./jsonChars.js";

/** A row read by the fast path (a class, so that its fields are told apart from any parsed object). */
export class FastArchRow {
  constructor(
    /** The arch: a string, or a parsed object (NB101 {matrix, ops}), or the genome `readArch` read. */
    readonly arch: unknown,
    /** The other fields as JSON.stringify(fields).slice(1, -1) would give them ("" for none). */
    readonly fieldsText: string,
    /** The other fields' names, in order. */
    readonly keys: string[],
    /** The other fields one by one, each `"name":value` as in fieldsText. */
    readonly members: string[],
    /** True when `arch` is the raw genome that fastArchRow's `readArch` made of an object arch. */
    readonly archIsGenome = false,
  ) {}
}

/** A space's reader of object archs in JSON (SearchSpace.readArchJson). */
export type ArchJsonReader = (text: string, start: number) => { genome: Uint8Array; end: number } | undefined;


/** The rest of a plain string and its closing quote (sticky: matched in place, nothing allocated by test()). */
const PLAIN_STRING_REST = /[^"\\\u0000-\u001f\ud800-\udfff]*"/y;

/**
 * End (index after the closing quote) of a string starting at `start` (its opening quote) whose text is
 * what JSON.stringify would write back unchanged: no escapes, no control characters, no surrogates.
 * -1 otherwise.
 */
function plainStringEnd(text: string, start: number): number {
  PLAIN_STRING_REST.lastIndex = start + 1;
  return PLAIN_STRING_REST.test(text) ? PLAIN_STRING_REST.lastIndex : -1;
}

/** End of a JSON object or array starting at `start`, strings and escapes skipped; -1 when unclosed or too deep. */
function compoundEnd(text: string, start: number, maxDepth: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return -1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** End of a scalar value at `start` that JSON.stringify would write back unchanged; -1 otherwise. */
function scalarEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return plainStringEnd(text, start);
  if (text.startsWith("true", start)) return start + 4;
  if (text.startsWith("false", start)) return start + 5;
  if (text.startsWith("null", start)) return start + 4;
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  if (match === null) return -1;
  // "1.0", "1e3", "-0", "1e999" are valid JSON but written back differently: leave them to JSON.parse.
  return String(Number(match[0])) === match[0] ? start + match[0].length : -1;
}

/** Keys JSON objects order before all others (array indices), and keys with special meaning to objects. */
function isSpecialKey(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) || key === "__proto__";
}

/**
 * The arch and fields of `trimmed` (a line already trimmed and checked for UTF-8), or undefined when the
 * row is not of the simple form. `readArch` may read an object arch straight into a genome.
 */
export function fastArchRow(trimmed: string, readArch?: ArchJsonReader): FastArchRow | undefined {
  let i = 0;
  if (trimmed.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipJsonSpace(trimmed, i + 1);
  if (!trimmed.startsWith("\"arch\"", i)) return undefined;
  i = skipJsonSpace(trimmed, i + 6);
  if (trimmed.charCodeAt(i) !== COLON) return undefined;
  i = skipJsonSpace(trimmed, i + 1);
  let arch: unknown;
  let archIsGenome = false;
  const first = trimmed.charCodeAt(i);
  const read = first === OPEN_BRACE ? readArch?.(trimmed, i) : undefined;
  if (read !== undefined) {
    arch = read.genome;
    archIsGenome = true;
    i = read.end;
  } else if (first === QUOTE) {
    const end = plainStringEnd(trimmed, i);
    if (end < 0) return undefined;
    arch = trimmed.slice(i + 1, end - 1);
    i = end;
  } else if (first === OPEN_BRACE) {
    // The row's own brace is one level: the arch may nest one less than any row.
    const end = compoundEnd(trimmed, i, MAX_JSON_DEPTH - 1);
    if (end < 0) return undefined;
    try {
      arch = JSON.parse(trimmed.slice(i, end));
    } catch {
      return undefined;
    }
    i = end;
  } else {
    return undefined;
  }
  i = skipJsonSpace(trimmed, i);
  const fieldsStart = i + 1;
  const keys: string[] = [];
  const parts: string[] = [];
  let spaced = false;
  while (trimmed.charCodeAt(i) === COMMA) {
    let at = skipJsonSpace(trimmed, i + 1);
    spaced ||= at !== i + 1;
    const keyEnd = trimmed.charCodeAt(at) === QUOTE ? plainStringEnd(trimmed, at) : -1;
    if (keyEnd < 0) return undefined;
    const key = trimmed.slice(at + 1, keyEnd - 1);
    if (key === "arch" || keys.includes(key) || isSpecialKey(key)) return undefined;
    keys.push(key);
    const keyText = trimmed.slice(at, keyEnd);
    at = skipJsonSpace(trimmed, keyEnd);
    spaced ||= at !== keyEnd;
    if (trimmed.charCodeAt(at) !== COLON) return undefined;
    const valueStart = skipJsonSpace(trimmed, at + 1);
    spaced ||= valueStart !== at + 1;
    const valueEnd = scalarEnd(trimmed, valueStart);
    if (valueEnd < 0) return undefined;
    parts.push(keyText + ":" + trimmed.slice(valueStart, valueEnd));
    i = skipJsonSpace(trimmed, valueEnd);
    spaced ||= i !== valueEnd;
  }
  if (trimmed.charCodeAt(i) !== CLOSE_BRACE || i !== trimmed.length - 1) return undefined;
  const fieldsText = parts.length === 0 ? "" : spaced ? parts.join(",") : trimmed.slice(fieldsStart, i);
  return new FastArchRow(arch, fieldsText, keys, parts, archIsGenome);
}
