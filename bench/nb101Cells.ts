// NB101 cells for the fingerprint benches: classes from the space's own enumeration, the last ones
// first (7-vertex cells, the case); uniform samples prune to fewer vertices and hash faster.
import { getSpace } from "../src/spaces/registry.js";
import type { WasmCore } from "../src/wasm/core.js";

export function nb101Classes(core: WasmCore, count: number): Uint8Array {
  const space = getSpace("nb101");
  const batches: Uint8Array[] = [];
  let bytes = 0;
  for (const batch of space.enumerate!(core)) {
    batches.push(batch);
    bytes += batch.length;
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const batch of batches) {
    all.set(batch, at);
    at += batch.length;
  }
  return all.slice(all.length - count * space.genomeLength);
}
