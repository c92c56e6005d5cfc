// Arch texts of one space remembered by their bytes: rows of a small space repeat a few thousand arch
// strings across millions of lines, so each distinct text is parsed and formatted once, and looked up
// again straight from the input bytes (no string per row). An entry also holds the score of its genome
// once scored: tree ensembles give the same float for the same genome whatever the batch, so a
// remembered score is the score. Bounded: the table is emptied between chunks once it exceeds its limits.
import type { SearchSpace } from "../spaces/space.js";

/** Entries and bytes (arch texts, their JSON, score texts) a table keeps across chunks. */
export const ARCH_TABLE_ENTRIES = 1 << 16;
export const ARCH_TABLE_BYTES = 16 << 20;

const NO_ENTRY = -1;

/** Whether a[aAt, aAt + length) equals b[bAt, bAt + length): four bytes at a time, then the rest. */
function sameText(a: Uint8Array, aView: DataView, aAt: number, b: Uint8Array, bView: DataView, bAt: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (aView.getInt32(aAt + i) !== bView.getInt32(bAt + i)) return false;
  for (; i < length; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2));
  next.set(array);
  return next;
}

export class ArchTable {
  readonly space: SearchSpace;
  private readonly length: number;
  /** Open addressing: entry index per slot, NO_ENTRY when free; at most half full. */
  private slots = new Int32Array(1024).fill(NO_ENTRY);
  private hashes = new Int32Array(256);
  /**
   * Byte layout per entry in `bytes`: the arch text at textStart (textLength), then the output row's
   * head `{"arch":` + the JSON of the formatted arch (headLength), then the score text (scoreLength, 0 until scored).
   */
  private textStart = new Int32Array(256);
  private textLength = new Int32Array(256);
  private headLength = new Int32Array(256);
  /** 1 when the arch's JSON is its input text in quotes (the text is canonical): a row's input bytes are then its output head. */
  private verbatim = new Uint8Array(256);
  private scoreLength = new Int32Array(256);
  private scoreValues = new Float64Array(256);
  private genomeBytes: Uint8Array;
  /** Arena of every entry's texts (ASCII arch text, UTF-8 head, ASCII score). */
  bytes = new Uint8Array(1 << 16);
  private arenaView = new DataView(this.bytes.buffer);
  private used = 0;
  private count = 0;

  constructor(space: SearchSpace) {
    this.space = space;
    this.length = space.genomeLength;
    this.genomeBytes = new Uint8Array(256 * this.length);
  }

  get size(): number {
    return this.count;
  }

  /** Empties the table when it holds more than its limits; called between chunks, so entries a chunk uses live through it. */
  trim(maxEntries = ARCH_TABLE_ENTRIES, maxBytes = ARCH_TABLE_BYTES): void {
    if (this.count <= maxEntries && this.used <= maxBytes) return;
    this.slots.fill(NO_ENTRY);
    this.count = 0;
    this.used = 0;
  }

  /** Entry of the arch text bytes[start, end) (hash `hash`; `view`: a DataView of `bytes`), or NO_ENTRY (-1). */
  find(bytes: Uint8Array, view: DataView, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === NO_ENTRY) return NO_ENTRY;
      if (this.hashes[entry] !== (hash | 0) || this.textLength[entry] !== length) continue;
      if (sameText(this.bytes, this.arenaView, this.textStart[entry], bytes, view, start, length)) return entry;
    }
  }

  /**
   * Adds the arch text bytes[start, end) (ASCII, not in the table) with its genome and the JSON of its
   * formatted arch as the string path writes them (after `{"arch":`); space.parse's error when the text is no arch.
   */
  add(bytes: Uint8Array, start: number, end: number, hash: number, text: string): number {
    const genome = this.space.parse(text, {});
    const json = Buffer.from(`{"arch":${this.space.formatJson?.(genome) ?? JSON.stringify(this.space.format(genome))}`, "utf8");
    const entry = this.count++;
    if (entry >= this.hashes.length) {
      const n = entry + 1;
      this.hashes = grown(this.hashes, n);
      this.textStart = grown(this.textStart, n);
      this.textLength = grown(this.textLength, n);
      this.headLength = grown(this.headLength, n);
      this.verbatim = grown(this.verbatim, n);
      this.scoreLength = grown(this.scoreLength, n);
      this.scoreValues = grown(this.scoreValues, n);
      this.genomeBytes = grown(this.genomeBytes, n * this.length);
    }
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const length = end - start;
    // Room for the score text too (a float64's shortest text is at most 25 characters).
    const arena = grown(this.bytes, this.used + length + json.length + 25);
    if (arena !== this.bytes) {
      this.bytes = arena;
      this.arenaView = new DataView(arena.buffer);
    }
    this.bytes.set(bytes.subarray(start, end), this.used);
    this.bytes.set(json, this.used + length);
    this.hashes[entry] = hash;
    this.textStart[entry] = this.used;
    this.textLength[entry] = length;
    this.headLength[entry] = json.length;
    this.verbatim[entry] = json.toString("latin1") === `{"arch":"${text}"` ? 1 : 0;
    this.scoreLength[entry] = 0;
    this.used += length + json.length + 25;
    this.genomeBytes.set(genome, entry * this.length);
    this.insert(entry, hash);
    return entry;
  }

  private insert(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== NO_ENTRY) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(NO_ENTRY);
    for (let entry = 0; entry < this.count - 1; entry++) this.insert(entry, this.hashes[entry]);
  }

  /** The genome of an entry (a view into the table). */
  genome(entry: number): Uint8Array {
    return this.genomeBytes.subarray(entry * this.length, (entry + 1) * this.length);
  }

  /** Copies the genome of an entry to `out` at genome index `at`. */
  copyGenome(entry: number, out: Uint8Array, at: number): void {
    const from = entry * this.length;
    const to = at * this.length;
    for (let i = 0; i < this.length; i++) out[to + i] = this.genomeBytes[from + i];
  }

  /** Where an entry's output head (`{"arch":` and the JSON of its formatted arch) starts in `bytes`, and its length. */
  headStart(entry: number): number {
    return this.textStart[entry] + this.textLength[entry];
  }

  headBytes(entry: number): number {
    return this.headLength[entry];
  }

  /** Whether the entry's head is `{"arch":"` + its arch text + `"`. */
  isVerbatim(entry: number): boolean {
    return this.verbatim[entry] === 1;
  }

  scored(entry: number): boolean {
    return this.scoreLength[entry] > 0;
  }

  score(entry: number): number {
    return this.scoreValues[entry];
  }

  /** Records a finite score: its text (JSON.stringify's) is kept after the entry's JSON. */
  setScore(entry: number, score: number): void {
    const text = JSON.stringify(score);
    const at = this.scoreStart(entry);
    for (let i = 0; i < text.length; i++) this.bytes[at + i] = text.charCodeAt(i);
    this.scoreLength[entry] = text.length;
    this.scoreValues[entry] = score;
  }

  scoreStart(entry: number): number {
    return this.textStart[entry] + this.textLength[entry] + this.headLength[entry];
  }

  scoreBytes(entry: number): number {
    return this.scoreLength[entry];
  }
}
