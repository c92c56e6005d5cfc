// Full check of the NB101 enumeration against NAS-Bench-101 itself: every class the kernel yields must
// carry a distinct official md5 hash, and the set must equal the 423,624 hashes of
// ../shared/golden/nb101_all_hashes.jsonl.gz. Run with `npm run verify:nb101` (about 10-20 s).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { getSpace } from "../../src/spaces/registry.js";
import { defaultCore } from "../../src/spaces/kernels.js";
import { sharedPath } from "../helpers/shared.js";

const nb101 = getSpace("nb101");
const core = defaultCore();

const official = new Set(gunzipSync(readFileSync(sharedPath("golden/nb101_all_hashes.jsonl.gz"))).toString("utf8")
  .trim().split("\n").map((line) => (JSON.parse(line) as { hash: string }).hash));

let started = performance.now();
const batches = [...nb101.enumerate!(core)];
const enumerateMs = performance.now() - started;
started = performance.now();
const ours = new Set<string>();
let count = 0;
for (const batch of batches) {
  for (const key of nb101.officialKeys!(batch, core)) ours.add(key);
  count += batch.length / nb101.genomeLength;
}
const hashMs = performance.now() - started;

const missing = [...official].filter((hash) => !ours.has(hash));
const extra = [...ours].filter((hash) => !official.has(hash));
console.log(`enumerated ${count} classes in ${enumerateMs.toFixed(0)} ms; md5 of all in ${hashMs.toFixed(0)} ms`);
console.log(`distinct hashes ${ours.size}; NAS-Bench-101 has ${official.size}; missing ${missing.length}; extra ${extra.length}`);
const ok = count === official.size && ours.size === count && missing.length === 0 && extra.length === 0;
console.log(ok ? "OK: the enumeration is exactly NAS-Bench-101" : "MISMATCH");
if (missing.length > 0) console.log("first missing:", missing.slice(0, 5).join(" "));
if (extra.length > 0) console.log("first extra:", extra.slice(0, 5).join(" "));
process.exitCode = ok ? 0 : 1;
