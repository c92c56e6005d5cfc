// The registry of search spaces. A plugin is checked structurally when registered, so a malformed
// space fails at start-up with the member it lacks, not deep inside a run.
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "./space.js";
import { nb201 } from "./nb201/index.js";
import { nb101 } from "./nb101/index.js";
import { nb301 } from "./nb301/index.js";
import { tnb101Macro } from "./tnb101-macro/index.js";
import { tnb101Micro } from "./tnb101-micro/index.js";
import { nbMacro } from "./nb-macro/index.js";
import { spos } from "./spos/index.js";
import { fairnas } from "./fairnas/index.js";
import { mnas } from "./mnas/index.js";

const spaces = new Map<string, SearchSpace>();
const byAlias = new Map<string, SearchSpace>();

const REQUIRED_MEMBERS: ReadonlyArray<[keyof SearchSpace, string]> = [
  ["id", "string"], ["description", "string"], ["wasmId", "number"], ["genomeLength", "number"],
  ["maxEditDistance", "number"], ["size", "function"], ["uniqueSize", "function"], ["parse", "function"],
  ["format", "function"], ["reference", "object"],
];

export function registerSpace(space: SearchSpace): void {
  for (const [member, type] of REQUIRED_MEMBERS) {
    if (typeof space[member] !== type) {
      throw new TypeError(`search space "${String(space.id)}": member "${member}" must be a ${type}; found ${typeof space[member]}`);
    }
  }
  if (space.cardinalities.length !== space.genomeLength) {
    throw new TypeError(`search space "${space.id}": cardinalities has ${space.cardinalities.length} entries; expected genomeLength = ${space.genomeLength}`);
  }
  for (const name of [space.id, ...space.aliases]) {
    const taken = byAlias.get(name.toLowerCase());
    if (taken !== undefined && taken !== space) {
      throw new TypeError(`search space name "${name}" is already used by "${taken.id}"`);
    }
    byAlias.set(name.toLowerCase(), space);
  }
  spaces.set(space.id, space);
}

/** The space with this id or alias (case-insensitive); a LissnasError lists the known ids otherwise. */
export function getSpace(name: string): SearchSpace {
  const space = byAlias.get(name.toLowerCase());
  if (space === undefined) {
    throw new LissnasError("E_UNKNOWN_SPACE", `unknown search space "${name}"; expected one of ${[...spaces.keys()].join(", ")}`);
  }
  return space;
}

export function listSpaces(): SearchSpace[] {
  return [...spaces.values()];
}

for (const space of [nb201, nb101, nb301, tnb101Macro, tnb101Micro, nbMacro, spos, fairnas, mnas]) registerSpace(space);
