// The NB101 md5 fingerprint kernel hashes graphs in groups and memoises its first rounds' digests in a
// bounded cache: neither may change a fingerprint, whatever the cache size, its contents or the batch split.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { WasmCore, wasmModule } from "../src/wasm/core.js";
import { LissnasError } from "../src/errors.js";
import { referenceOfficialHash } from "../src/spaces/nb101/reference.js";

const LENGTH = 26;
const nb101 = getSpace("nb101");
const kernels = new SpaceKernels(nb101);

const rawGenome = fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 21, maxLength: 21 }),
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 5 }))
  .map(([edges, ops]) => Uint8Array.from([...edges, ...ops]));

function concat(genomes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(genomes.length * LENGTH);
  genomes.forEach((g, i) => out.set(g, i * LENGTH));
  return out;
}

/** The fingerprints of `genomes` hashed in batches of the given sizes (cycled), as hex, zero for unconnected cells. */
function fingerprints(core: WasmCore, genomes: Uint8Array, sizes: number[]): string[] {
  const out: string[] = [];
  const count = genomes.length / LENGTH;
  for (let start = 0, k = 0; start < count; k++) {
    const end = Math.min(count, start + sizes[k % sizes.length]);
    const digests = core.nb101OfficialHashes(genomes.subarray(start * LENGTH, end * LENGTH));
    for (let i = 0; i < digests.length; i += 16) out.push(Buffer.from(digests.subarray(i, i + 16)).toString("hex"));
    start = end;
  }
  return out;
}

/** Canonical classes of every size the enumeration starts with, then sampled ones, then raw genomes (some unconnected). */
const CELLS = (() => {
  const parts: Uint8Array[] = [];
  const first = nb101.enumerate!(kernels.core)[Symbol.iterator]().next().value as Uint8Array;
  parts.push(first.subarray(0, 3000 * LENGTH), kernels.sample(3000, 7n));
  parts.push(concat(fc.sample(rawGenome, { seed: 11, numRuns: 1000 })));
  return concat(parts.flatMap((part) => Array.from({ length: part.length / LENGTH }, (_, i) => part.slice(i * LENGTH, (i + 1) * LENGTH))));
})();
const CELL_COUNT = CELLS.length / LENGTH;

const EXPECTED = fingerprints(new WasmCore(wasmModule(), { nb101DigestCacheSlots: 0 }), CELLS, [CELL_COUNT]);

test("without a cache, the kernel's fingerprints are hash_module's, and all zero for unconnected cells", () => {
  for (let i = 0; i < CELL_COUNT; i += 7) {
    const reference = referenceOfficialHash(CELLS.subarray(i * LENGTH, (i + 1) * LENGTH));
    assert.equal(EXPECTED[i], reference ?? "0".repeat(32), `cell ${i}`);
  }
  assert.ok(EXPECTED.includes("0".repeat(32)), "the raw genomes include unconnected ones");
});

test("the digest cache changes no fingerprint, whatever its size, its contents and the batch split", () => {
  // One entry and two entries collide all the time; the default holds most repeated messages.
  const cores = [1, 2, 16, undefined].map((slots) => new WasmCore(wasmModule(), { nb101DigestCacheSlots: slots }));
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }), fc.nat({ max: 3 }), (sizes, which) => {
    // The same core across runs: its cache holds what earlier runs (other splits) left in it.
    assert.deepEqual(fingerprints(cores[which], CELLS, sizes), EXPECTED);
  }), { numRuns: 12 });
});

test("one batch equals batches of one around the kernel's 64-graph groups", () => {
  const core = new WasmCore(wasmModule());
  for (const count of [1, 63, 64, 65, 128, 129]) {
    const batch = CELLS.subarray((CELL_COUNT - count) * LENGTH);
    assert.deepEqual(fingerprints(core, batch, [count]), fingerprints(core, batch, [1]), `${count} cells`);
  }
});

test("the digest cache size is checked: 0 or a power of two up to 2^20", () => {
  for (const slots of [3, -1, 1.5, 2 ** 21, Number.NaN]) {
    assert.throws(() => new WasmCore(wasmModule(), { nb101DigestCacheSlots: slots }),
      (error: unknown) => error instanceof LissnasError && error.code === "E_WASM" && error.detail.includes("nb101DigestCacheSlots") && error.detail.includes(String(slots)));
  }
});
