// The NB101 spec's JSON text {"matrix": [[...]], "ops": [...]} read into a genome and written from one
// without JSON.parse, readSpec or JSON.stringify: row pipelines spend most of their JavaScript time
// there. The reader takes only the common shape and declines anything else (undefined), which then
// goes the JSON.parse + readSpec way, where every error is worded; the writer gives exactly
// JSON.stringify(genomeToSpec(genome)).
import { NB101_LENGTH, NB101_EDGE_GENES, NB101_VERTICES, NB101_OUTPUT, NB101_OPS, adjacencyRows, edgeGene, opOf } from "./genome.js";
import { specVertexCount } from "./spec.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ZERO = 0x30;
const ONE = 0x31;

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Op index of an inner vertex's name (-1 for any other string). */
function innerOp(name: string): number {
  return (NB101_OPS as readonly string[]).indexOf(name);
}

/** The read position, advanced past what each reader took. */
interface ReadState {
  at: number;
}

/** `[[0,1,...],...]` at state.at: rows as bit masks (bit j = entry j), all of one length n; undefined declines. */
function readMatrix(text: string, state: ReadState): number[] | undefined {
  let i = state.at;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
  const rows: number[] = [];
  let width = -1;
  i = skipSpace(text, i + 1);
  for (;;) {
    if (rows.length === NB101_VERTICES || text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
    let bits = 0;
    let entries = 0;
    i = skipSpace(text, i + 1);
    for (;;) {
      const c = text.charCodeAt(i);
      // Only the literals 0 and 1 (not 1.0, 1e0, -0, true: those are left to JSON.parse).
      if (c !== ZERO && c !== ONE) return undefined;
      if (entries === NB101_VERTICES) return undefined;
      if (c === ONE) bits |= 1 << entries;
      entries++;
      i = skipSpace(text, i + 1);
      const next = text.charCodeAt(i);
      if (next === CLOSE_BRACKET) break;
      if (next !== COMMA) return undefined;
      i = skipSpace(text, i + 1);
    }
    if (width >= 0 && entries !== width) return undefined;
    width = entries;
    rows.push(bits);
    i = skipSpace(text, i + 1);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) break;
    if (next !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  if (width !== rows.length) return undefined;
  state.at = i + 1;
  return rows;
}

/** `["input", ..., "output"]` at state.at: the strings' text as written (up to 7); undefined declines. */
function readNames(text: string, state: ReadState): string[] | undefined {
  let i = state.at;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
  const names: string[] = [];
  i = skipSpace(text, i + 1);
  for (;;) {
    if (names.length === NB101_VERTICES || text.charCodeAt(i) !== QUOTE) return undefined;
    const close = text.indexOf("\"", i + 1);
    if (close < 0) return undefined;
    // Taken as written: a name with an escape or a control character matches no op name, and is declined.
    names.push(text.slice(i + 1, close));
    i = skipSpace(text, close + 1);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) break;
    if (next !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  state.at = i + 1;
  return names;
}

/** The key of an object member at state.at (`"name"` then `:`), or undefined. */
function readKey(text: string, state: ReadState): string | undefined {
  const i = state.at;
  if (text.charCodeAt(i) !== QUOTE) return undefined;
  const close = text.indexOf("\"", i + 1);
  if (close < 0) return undefined;
  const key = text.slice(i + 1, close);
  const colon = skipSpace(text, close + 1);
  if (text.charCodeAt(colon) !== COLON) return undefined;
  state.at = skipSpace(text, colon + 1);
  return key;
}

/**
 * The raw genome of the NB101 spec object whose text starts at `start` ("{"), and the index after its
 * closing brace, when it has exactly the members "matrix" and "ops" (either order, JSON whitespace
 * anywhere), entries 0 and 1 only, and passes readSpec's checks; undefined for anything else.
 * Never throws: errors are the JSON.parse + readSpec path's to word.
 */
export function readSpecJson(text: string, start: number): { genome: Uint8Array; end: number } | undefined {
  if (text.charCodeAt(start) !== OPEN_BRACE) return undefined;
  const state: ReadState = { at: skipSpace(text, start + 1) };
  let rows: number[] | undefined;
  let names: string[] | undefined;
  for (let member = 0; member < 2; member++) {
    if (member === 1) {
      if (text.charCodeAt(state.at) !== COMMA) return undefined;
      state.at = skipSpace(text, state.at + 1);
    }
    const key = readKey(text, state);
    if (key === "matrix" && rows === undefined) {
      rows = readMatrix(text, state);
      if (rows === undefined) return undefined;
    } else if (key === "ops" && names === undefined) {
      names = readNames(text, state);
      if (names === undefined) return undefined;
    } else {
      return undefined;
    }
    state.at = skipSpace(text, state.at);
  }
  if (rows === undefined || names === undefined || text.charCodeAt(state.at) !== CLOSE_BRACE) return undefined;
  const n = rows.length;
  if (n < 2 || names.length !== n || names[0] !== "input" || names[n - 1] !== "output") return undefined;
  const genome = new Uint8Array(NB101_LENGTH);
  for (let v = 1; v < n - 1; v++) {
    const op = innerOp(names[v]);
    if (op < 0) return undefined;
    genome[NB101_EDGE_GENES + v - 1] = op;
  }
  // Upper-triangular: row i keeps entries above the diagonal only. The output (vertex n-1) moves to 6.
  const place = (v: number) => (v === n - 1 ? NB101_OUTPUT : v);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if ((row & ((2 << i) - 1)) !== 0) return undefined;
    for (let j = i + 1; j < n; j++) if ((row >> j) & 1) genome[edgeGene(place(i), place(j))] = 1;
  }
  return { genome, end: state.at + 1 };
}

/** ROW_TEXTS[n][bits]: the JSON text of a matrix row of n entries, entry j = bit j of `bits`. */
const ROW_TEXTS: string[][] = Array.from({ length: NB101_VERTICES + 1 }, (_, n) =>
  Array.from({ length: 1 << n }, (_, bits) => JSON.stringify(Array.from({ length: n }, (_, j) => (bits >> j) & 1))));
const OP_TEXTS = NB101_OPS.map((op) => JSON.stringify(op));

/** JSON.stringify(genomeToSpec(genome)), from tables of row texts. */
export function formatSpecJson(genome: Uint8Array): string {
  const rows = adjacencyRows(genome);
  // The spec's vertices are 0..n-2 and the output (6): column j < n-1 is bit j, column n-1 is bit 6.
  const n = specVertexCount(genome, rows);
  const inner = (1 << (n - 1)) - 1;
  const texts = ROW_TEXTS[n];
  let matrix = "";
  let ops = "\"input\"";
  for (let k = 0; k < n; k++) {
    const row = rows[k === n - 1 ? NB101_OUTPUT : k];
    matrix += (k === 0 ? "" : ",") + texts[(row & inner) | (((row >> NB101_OUTPUT) & 1) << (n - 1))];
    if (k > 0 && k < n - 1) ops += "," + OP_TEXTS[opOf(genome, k)];
  }
  return `{"matrix":[${matrix}],"ops":[${ops},"output"]}`;
}
