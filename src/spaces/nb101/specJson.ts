// The NB101 spec's JSON text {"matrix": [[...]], "ops": [...]} read into a genome and written from one
// without JSON.parse, readSpec or JSON.stringify: row pipelines spend most of their JavaScript time
// there. The reader takes only the common shape and declines anything else (undefined), which then
// goes the JSON.parse + readSpec way, where every error is worded; the writer gives exactly
// JSON.stringify(genomeToSpec(genome)).
import { NB101_LENGTH, NB101_EDGE_GENES, NB101_VERTICES, NB101_OUTPUT, NB101_OPS, adjacencyRows, edgeGene, opOf } from "./genome.js";
import { specVertexCount } from "./spec.js";
import { QUOTE, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, ZERO, ONE, isJsonSpace, skipJsonSpace } from "../../io/jsonChars.js";

// What one read leaves for the next step (a worker reads one row at a time): the position after the
// last token read, the matrix rows as bit masks (bit j = entry j) and the vertices' labels.
let at = 0;
const ROWS = new Int32Array(NB101_VERTICES);
let rowCount = 0;
const LABELS = new Int8Array(NB101_VERTICES); // op index, or INPUT / OUTPUT
let labelCount = 0;
const INPUT = -1;
const OUTPUT = -2;
const OTHER = -3;

/** `[[0,1,...],...]` at `at` into ROWS/rowCount, all rows of rowCount entries; false declines. */
function readMatrix(text: string): boolean {
  let i = at;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return false;
  rowCount = 0;
  let width = 0;
  i = skipJsonSpace(text, i + 1);
  for (;;) {
    if (rowCount === NB101_VERTICES || text.charCodeAt(i) !== OPEN_BRACKET) return false;
    let bits = 0;
    let entries = 0;
    i = skipJsonSpace(text, i + 1);
    for (;;) {
      const c = text.charCodeAt(i);
      // Only the literals 0 and 1 (not 1.0, 1e0, -0, true: those are left to JSON.parse).
      if (c === ONE) bits |= 1 << entries;
      else if (c !== ZERO) return false;
      if (++entries > NB101_VERTICES) return false;
      let next = text.charCodeAt(++i);
      if (isJsonSpace(next)) next = text.charCodeAt(i = skipJsonSpace(text, i));
      if (next === CLOSE_BRACKET) break;
      if (next !== COMMA) return false;
      i = skipJsonSpace(text, i + 1);
    }
    if (rowCount === 0) width = entries;
    else if (entries !== width) return false;
    ROWS[rowCount++] = bits;
    let next = text.charCodeAt(++i);
    if (isJsonSpace(next)) next = text.charCodeAt(i = skipJsonSpace(text, i));
    if (next === CLOSE_BRACKET) break;
    if (next !== COMMA) return false;
    i = skipJsonSpace(text, i + 1);
  }
  if (width !== rowCount) return false;
  at = i + 1;
  return true;
}

/** The label of the string whose opening quote is at i and closing quote at close (OTHER for any other text). */
function labelOf(text: string, i: number, close: number): number {
  // Told apart by length and one character, then compared in place, as written: a name with an escape
  // or a control character matches no label.
  let label = OTHER;
  switch (close - i - 1) {
    case 5: label = INPUT; break;
    case 6: label = OUTPUT; break;
    case 10: label = 2; break;
    case 15: label = text.charCodeAt(i + 5) === 0x33 ? 0 : 1; break; // conv3x3 or conv1x1
  }
  return label !== OTHER && text.startsWith(LABEL_TEXTS[label + 2], i + 1) ? label : OTHER;
}
/** LABEL_TEXTS[label + 2]: "output", "input", then the ops. */
const LABEL_TEXTS = ["output", "input", ...NB101_OPS];

/** `["input", ..., "output"]` at `at` into LABELS/labelCount (at most 7 strings); false declines. */
function readLabels(text: string): boolean {
  let i = at;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return false;
  labelCount = 0;
  i = skipJsonSpace(text, i + 1);
  for (;;) {
    if (labelCount === NB101_VERTICES || text.charCodeAt(i) !== QUOTE) return false;
    const close = text.indexOf("\"", i + 1);
    if (close < 0) return false;
    const label = labelOf(text, i, close);
    if (label === OTHER) return false;
    LABELS[labelCount++] = label;
    i = skipJsonSpace(text, close + 1);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) break;
    if (next !== COMMA) return false;
    i = skipJsonSpace(text, i + 1);
  }
  at = i + 1;
  return true;
}

/** The key of an object member at `at` (`"matrix"` 0, `"ops"` 1, else -1), and `at` past its colon. */
function readKey(text: string): number {
  const i = at;
  if (text.charCodeAt(i) !== QUOTE) return -1;
  const key = text.startsWith("matrix\"", i + 1) ? 0 : text.startsWith("ops\"", i + 1) ? 1 : -1;
  if (key < 0) return -1;
  const colon = skipJsonSpace(text, i + (key === 0 ? 8 : 5));
  if (text.charCodeAt(colon) !== COLON) return -1;
  at = skipJsonSpace(text, colon + 1);
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
  at = skipJsonSpace(text, start + 1);
  let seen = 0; // bit 0: matrix, bit 1: ops
  for (let member = 0; member < 2; member++) {
    if (member === 1) {
      if (text.charCodeAt(at) !== COMMA) return undefined;
      at = skipJsonSpace(text, at + 1);
    }
    const key = readKey(text);
    if (key < 0 || seen & (1 << key)) return undefined;
    seen |= 1 << key;
    if (!(key === 0 ? readMatrix(text) : readLabels(text))) return undefined;
    at = skipJsonSpace(text, at);
  }
  if (text.charCodeAt(at) !== CLOSE_BRACE) return undefined;
  const n = rowCount;
  if (n < 2 || labelCount !== n || LABELS[0] !== INPUT || LABELS[n - 1] !== OUTPUT) return undefined;
  const genome = new Uint8Array(NB101_LENGTH);
  for (let v = 1; v < n - 1; v++) {
    const op = LABELS[v];
    if (op < 0) return undefined;
    genome[NB101_EDGE_GENES + v - 1] = op;
  }
  // Upper-triangular: row i keeps entries above the diagonal only. The output (vertex n-1) moves to 6.
  for (let i = 0; i < n; i++) {
    const row = ROWS[i];
    if ((row & ((2 << i) - 1)) !== 0) return undefined;
    for (let j = i + 1; j < n; j++) if ((row >> j) & 1) genome[edgeGene(i, j === n - 1 ? NB101_OUTPUT : j)] = 1;
  }
  return { genome, end: at + 1 };
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
