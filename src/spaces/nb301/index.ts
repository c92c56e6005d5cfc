// PLACEHOLDER until the nb301 work lands: registered so the registry and CLI compile.
import { LissnasError } from "../../errors.js";
import type { SearchSpace } from "../space.js";

export const nb301: SearchSpace = {
  id: "nb301",
  aliases: [],
  description: "nb301 (not yet implemented)",
  wasmId: 2,
  genomeLength: 32,
  cardinalities: Array(32).fill(2),
  maxEditDistance: 1,
  size: () => 0n,
  uniqueSize: () => undefined,
  parse: () => { throw new LissnasError("E_PARSE", "nb301 is not implemented yet"); },
  format: () => "",
  reference: {
    sample: () => new Uint8Array(32),
    canonicalize: () => false,
    editDistance: () => 0,
    moveCount: 1,
    applyMove: () => null,
  },
};
