// The DARTS `Genotype(...)` text form and NASLib's `compact` encoding of NAS-Bench-301 cells.
// format keeps the edge order of the genome, so parse then format returns any valid string as written
// (the benchmark strings are not pair-sorted); the canonical form is reached by canonicalize.
import { LissnasError, type InputLocation } from "../../errors.js";
import { describe } from "../describe.js";
import { NB301_CELLS, NB301_LENGTH, NB301_OPS, NODES_PER_CELL, PAIRS_PER_CELL } from "./genome.js";

const OP_INDEX = new Map<string, number>(NB301_OPS.map((op, i) => [op, i]));
const CONCAT = [2, 3, 4, 5] as const;
const CONCAT_TEXT = `[${CONCAT.join(", ")}]`;
const EXAMPLE = "Genotype(normal=[('sep_conv_3x3', 0), … 8 pairs], normal_concat=[2, 3, 4, 5], reduce=[…], reduce_concat=[2, 3, 4, 5])";

type Cell = (typeof NB301_CELLS)[number];

/** One (op, input) pair as read, with the text it came from for error messages. */
interface RawPair {
  readonly op: string;
  readonly input: number;
  readonly text: string;
}

function fail(detail: string, location: InputLocation): never {
  throw new LissnasError("E_PARSE", detail, { field: "arch", ...location });
}

function pairName(cell: Cell, index: number): string {
  return `${cell}[${index}] (node ${(index >> 1) + 2})`;
}

/** Checks one cell's pairs and writes them into genome genes cell*16 .. cell*16+15. */
function placeCell(genome: Uint8Array, cellIndex: number, pairs: readonly RawPair[], location: InputLocation): void {
  const cell = NB301_CELLS[cellIndex];
  if (pairs.length !== PAIRS_PER_CELL) {
    fail(`${cell} has ${pairs.length} (op, input) pair(s); expected ${PAIRS_PER_CELL}, 2 for each of the nodes 2..5`, location);
  }
  pairs.forEach((pair, index) => {
    const op = OP_INDEX.get(pair.op);
    if (op === undefined) {
      fail(`${pairName(cell, index)}: unknown op "${pair.op}" in ${pair.text}; expected one of ${NB301_OPS.join(", ")}`, location);
    }
    const node = index >> 1;
    if (!Number.isInteger(pair.input) || pair.input < 0 || pair.input > node + 1) {
      fail(`${pairName(cell, index)}: input ${pair.input} in ${pair.text} is out of range; node ${node + 2} reads from 0..${node + 1}`, location);
    }
    const gene = cellIndex * 16 + index * 2;
    genome[gene] = pair.input;
    genome[gene + 1] = op;
  });
  for (let node = 0; node < NODES_PER_CELL; node++) {
    const [first, second] = [pairs[2 * node], pairs[2 * node + 1]];
    if (first.input === second.input) {
      fail(`${cell}[${2 * node}] ${first.text} and ${cell}[${2 * node + 1}] ${second.text}: node ${node + 2} reads input ${first.input} twice; expected two distinct inputs`, location);
    }
  }
}

// --- Genotype(...) text ---------------------------------------------------------------------------

interface Token {
  readonly kind: "name" | "int" | "string" | "punct" | "end";
  readonly text: string;
  /** 1-based column of the token's first character. */
  readonly column: number;
}

const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(-?\d+)|('[^']*'|"[^"]*")|([()[\],=])|(\S))/y;

function tokenize(text: string, location: InputLocation): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) break;
    const raw = match[0].trimStart();
    const column = start + match[0].length - raw.length + 1;
    if (match[5] !== undefined) fail(`malformed Genotype: unexpected character "${raw}" at column ${column}; expected ${EXAMPLE}`, location);
    const kind = match[1] !== undefined ? "name" : match[2] !== undefined ? "int" : match[3] !== undefined ? "string" : "punct";
    tokens.push({ kind, text: raw, column });
  }
  tokens.push({ kind: "end", text: "", column: text.length + 1 });
  return tokens;
}

class GenotypeReader {
  private position = 0;
  constructor(private readonly tokens: Token[], private readonly location: InputLocation) {}

  private found(token: Token): string {
    return token.kind === "end" ? "the end of the text" : `"${token.text}" at column ${token.column}`;
  }

  private expect(text: string, context: string): Token {
    const token = this.tokens[this.position];
    if (token.text !== text || (token.kind !== "punct" && token.kind !== "name")) {
      fail(`malformed Genotype: expected "${text}" ${context}; found ${this.found(token)}`, this.location);
    }
    this.position++;
    return token;
  }

  private take(kind: Token["kind"], what: string, context: string): Token {
    const token = this.tokens[this.position];
    if (token.kind !== kind) fail(`malformed Genotype: expected ${what} ${context}; found ${this.found(token)}`, this.location);
    this.position++;
    return token;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.position];
    return token.kind === "punct" && token.text === text;
  }

  /** `[` (pair (`,` pair)*)? `]` with pair = `(` 'op' `,` input `)`. */
  pairs(field: string): RawPair[] {
    const pairs: RawPair[] = [];
    this.expect("[", `to open ${field}`);
    while (!this.peek("]")) {
      if (pairs.length > 0) this.expect(",", `between the pairs of ${field}`);
      const context = `in ${field}[${pairs.length}]`;
      this.expect("(", context);
      const op = this.take("string", "a quoted op name", context);
      this.expect(",", context);
      const input = this.take("int", "an input node number", context);
      this.expect(")", context);
      pairs.push({ op: op.text.slice(1, -1), input: Number(input.text), text: `(${op.text}, ${input.text})`.replace(/\s+/g, " ") });
    }
    this.expect("]", `to close ${field}`);
    return pairs;
  }

  /** `[` int (`,` int)* `]` as text, for the concat fields. */
  ints(field: string): number[] {
    const values: number[] = [];
    this.expect("[", `to open ${field}`);
    while (!this.peek("]")) {
      if (values.length > 0) this.expect(",", `between the entries of ${field}`);
      values.push(Number(this.take("int", "a node number", `in ${field}`).text));
    }
    this.expect("]", `to close ${field}`);
    return values;
  }

  read(): { cells: RawPair[][]; concats: number[][] } {
    const head = this.take("name", `"Genotype"`, "at the start");
    if (head.text !== "Genotype") fail(`malformed Genotype: expected "Genotype" at the start; found ${this.found(head)}`, this.location);
    this.expect("(", `after "Genotype"`);
    const cells: RawPair[][] = [];
    const concats: number[][] = [];
    NB301_CELLS.forEach((cell, index) => {
      if (index > 0) this.expect(",", `before "${cell}="`);
      this.expect(cell, index === 0 ? `as the first field` : `after ${NB301_CELLS[index - 1]}_concat`);
      this.expect("=", `after "${cell}"`);
      cells.push(this.pairs(cell));
      this.expect(",", `after the ${cell} pairs`);
      this.expect(`${cell}_concat`, `after the ${cell} pairs`);
      this.expect("=", `after "${cell}_concat"`);
      concats.push(this.ints(`${cell}_concat`));
    });
    this.expect(")", "to close Genotype(");
    this.take("end", "the end of the text", `after "Genotype(...)"`);
    return { cells, concats };
  }
}

/** Parses `Genotype(normal=[...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])`. */
export function parseGenotype(text: string, location: InputLocation = {}): Uint8Array {
  const { cells, concats } = new GenotypeReader(tokenize(text, location), location).read();
  const genome = new Uint8Array(NB301_LENGTH);
  cells.forEach((pairs, cell) => placeCell(genome, cell, pairs, location));
  concats.forEach((concat, cell) => {
    if (concat.length !== CONCAT.length || concat.some((node, i) => node !== CONCAT[i])) {
      fail(`${NB301_CELLS[cell]}_concat is [${concat.join(", ")}]; expected ${CONCAT_TEXT} (every intermediate node is concatenated)`, location);
    }
  });
  return genome;
}

/** The DARTS Genotype string of a genome, edges in genome order (as NASLib and the benchmark print it). */
export function formatGenotype(genome: Uint8Array): string {
  const cell = (cellIndex: number) => {
    const pairs: string[] = [];
    for (let pair = 0; pair < PAIRS_PER_CELL; pair++) {
      const gene = cellIndex * 16 + pair * 2;
      pairs.push(`('${NB301_OPS[genome[gene + 1]]}', ${genome[gene]})`);
    }
    return `${NB301_CELLS[cellIndex]}=[${pairs.join(", ")}], ${NB301_CELLS[cellIndex]}_concat=${CONCAT_TEXT}`;
  };
  return `Genotype(${cell(0)}, ${cell(1)})`;
}

// --- NASLib compact ---------------------------------------------------------------------------------

/** Decodes NASLib's compact form: [normal, reduce], each 8 [input node, op index] pairs. */
export function parseCompact(value: unknown, location: InputLocation = {}): Uint8Array {
  const where = { field: "compact", ...location };
  if (!Array.isArray(value) || value.length !== 2) {
    fail(`expected [normal, reduce], two lists of 8 [input, op] pairs; found ${Array.isArray(value) ? `${value.length} list(s)` : describe(value)}`, where);
  }
  const genome = new Uint8Array(NB301_LENGTH);
  value.forEach((cellValue: unknown, cellIndex: number) => {
    const cell = NB301_CELLS[cellIndex];
    if (!Array.isArray(cellValue)) fail(`${cell}: expected a list of [input, op] pairs; found ${describe(cellValue)}`, where);
    const pairs = cellValue.map((pair: unknown, index: number): RawPair => {
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => Number.isInteger(x))) {
        fail(`${cell}[${index}]: expected an [input, op] pair of integers; found ${JSON.stringify(pair) ?? describe(pair)}`, where);
      }
      const [input, op] = pair as number[];
      if (op < 0 || op >= NB301_OPS.length) {
        fail(`${cell}[${index}]: op index ${op} in [${input}, ${op}] is out of range; expected 0..${NB301_OPS.length - 1} (${NB301_OPS.join(", ")})`, where);
      }
      return { op: NB301_OPS[op], input, text: `[${input}, ${op}]` };
    });
    placeCell(genome, cellIndex, pairs, where);
  });
  return genome;
}

/** NASLib's compact form of a genome, edges in genome order. */
export function formatCompact(genome: Uint8Array): number[][][] {
  return [0, 1].map((cell) => Array.from({ length: PAIRS_PER_CELL }, (_, pair) =>
    [genome[cell * 16 + pair * 2], genome[cell * 16 + pair * 2 + 1]]));
}
