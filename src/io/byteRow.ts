// The commonest JSON Lines row read from its bytes: compact `{"arch":"…","k":v,…}` in printable ASCII,
// flat fields as src/io/fastRow.ts would copy them through unchanged (plain strings, true/false/null,
// numbers as JSON.stringify writes them; no duplicate, "arch", array-index or "__proto__" key). Such a
// row's output is its arch's JSON, its field bytes and the score, so it is written without a string.
// Anything else (spaces, escapes, non-ASCII, nested values, an arch object) is left to the string path,
// which also words every error: this reader never decides that a row is bad.
import { QUOTE, BACKSLASH, COMMA, COLON, CLOSE_BRACE, MINUS, DOT, ZERO, NINE } from "./jsonChars.js";

const ARCH_PREFIX = Buffer.from("{\"arch\":\"", "latin1");
const PROTO = Buffer.from("__proto__", "latin1");
const ARCH = Buffer.from("arch", "latin1");

/** What readByteRow found; spans are byte offsets into the chunk. */
export interface ByteRowSpans {
  /** The arch text (without its quotes). */
  archStart: number;
  archEnd: number;
  /** FNV-1a hash of the arch text, the arch table's key (src/io/archTable.ts). */
  archHash: number;
  /** The other fields as they are copied through (after the arch's "," up to the closing brace); empty when none. */
  fieldsStart: number;
  fieldsEnd: number;
}

/** Reads rows of one chunk; `field` (UTF-8) is a key that sends its row to the string path. */
export class ByteRowReader {
  private readonly field: Uint8Array;
  private keyStarts = new Int32Array(16);
  private keyEnds = new Int32Array(16);
  readonly spans: ByteRowSpans = { archStart: 0, archEnd: 0, archHash: 0, fieldsStart: 0, fieldsEnd: 0 };

  constructor(field: string) {
    this.field = Buffer.from(field, "utf8");
  }

  /** True, with `spans` set, when the line bytes[start, end) is a simple row. */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (end - start < ARCH_PREFIX.length + 2) return false;
    for (let k = 0; k < ARCH_PREFIX.length; k++) if (bytes[start + k] !== ARCH_PREFIX[k]) return false;
    let i = start + ARCH_PREFIX.length;
    const archStart = i;
    let h = 0x811c9dc5;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c === QUOTE) break;
      if (c < 0x20 || c > 0x7e || c === BACKSLASH) return false;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (i >= end) return false;
    const archEnd = i++;
    const fieldsStart = i + 1;
    let keys = 0;
    while (bytes[i] === COMMA) {
      i++;
      if (bytes[i] !== QUOTE) return false;
      const keyStart = i + 1;
      const keyEnd = plainEnd(bytes, keyStart, end);
      if (keyEnd < 0 || !this.acceptKey(bytes, keyStart, keyEnd, keys)) return false;
      this.keyStarts[keys] = keyStart;
      this.keyEnds[keys] = keyEnd;
      keys++;
      i = keyEnd + 1;
      if (bytes[i] !== COLON) return false;
      i = valueEnd(bytes, i + 1, end);
      if (i < 0) return false;
    }
    if (i !== end - 1 || bytes[i] !== CLOSE_BRACE) return false;
    const spans = this.spans;
    spans.archStart = archStart;
    spans.archEnd = archEnd;
    spans.archHash = h >>> 0;
    spans.fieldsStart = keys === 0 ? i : fieldsStart;
    spans.fieldsEnd = i;
    return true;
  }

  /** A key the fast path copies through: not "arch", the score field, an array index, "__proto__" or an earlier key. */
  private acceptKey(bytes: Uint8Array, start: number, end: number, earlier: number): boolean {
    if (equal(bytes, start, end, ARCH) || equal(bytes, start, end, PROTO) || equal(bytes, start, end, this.field)) return false;
    if (isArrayIndex(bytes, start, end)) return false;
    if (earlier === this.keyStarts.length) {
      const starts = new Int32Array(earlier * 2);
      starts.set(this.keyStarts);
      const ends = new Int32Array(earlier * 2);
      ends.set(this.keyEnds);
      this.keyStarts = starts;
      this.keyEnds = ends;
    }
    for (let k = 0; k < earlier; k++) {
      const s = this.keyStarts[k];
      const e = this.keyEnds[k];
      if (e - s === end - start && sameBytes(bytes, s, start, end - start)) return false;
    }
    return true;
  }
}

function equal(bytes: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word[k]) return false;
  return true;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

function isArrayIndex(bytes: Uint8Array, start: number, end: number): boolean {
  if (end === start || (bytes[start] === ZERO && end - start > 1)) return false;
  for (let k = start; k < end; k++) if (bytes[k] < ZERO || bytes[k] > NINE) return false;
  return true;
}

/** Index of the closing quote of a plain printable-ASCII string whose text starts at `start`; -1 otherwise. */
function plainEnd(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function startsWith(bytes: Uint8Array, at: number, end: number, word: string): boolean {
  if (end - at < word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * End of a value at `start` that JSON.stringify writes back unchanged, followed by "," or "}"; -1
 * otherwise (then the row goes to the string path, which decides).
 */
function valueEnd(bytes: Uint8Array, start: number, end: number): number {
  const c = bytes[start];
  let i: number;
  if (c === QUOTE) {
    const close = plainEnd(bytes, start + 1, end);
    if (close < 0) return -1;
    i = close + 1;
  } else if (startsWith(bytes, start, end, "true") || startsWith(bytes, start, end, "null")) {
    i = start + 4;
  } else if (startsWith(bytes, start, end, "false")) {
    i = start + 5;
  } else {
    i = numberEnd(bytes, start, end);
    if (i < 0) return -1;
  }
  const next = bytes[i];
  return next === COMMA || next === CLOSE_BRACE ? i : -1;
}

/** End of a JSON number at `start` whose text String(Number(text)) gives back; -1 otherwise. */
function numberEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (bytes[i] === MINUS) i++;
  const intStart = i;
  if (bytes[i] === ZERO) i++;
  else if (i < end && isDigit(bytes[i]) ) while (i < end && isDigit(bytes[i])) i++;
  else return -1;
  const simple = i < end && bytes[i] !== DOT && bytes[i] !== 0x65 && bytes[i] !== 0x45;
  // A short integer is its own text, except "-0".
  if (simple && i - intStart <= 15 && !(bytes[start] === MINUS && bytes[intStart] === ZERO)) return i;
  if (bytes[i] === DOT) {
    i++;
    if (!(i < end && isDigit(bytes[i]))) return -1;
    while (i < end && isDigit(bytes[i])) i++;
  }
  if (bytes[i] === 0x65 || bytes[i] === 0x45) {
    i++;
    if (bytes[i] === 0x2b || bytes[i] === MINUS) i++;
    if (!(i < end && isDigit(bytes[i]))) return -1;
    while (i < end && isDigit(bytes[i])) i++;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("latin1");
  return String(Number(text)) === text ? i : -1;
}
