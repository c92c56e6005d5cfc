// PLACEHOLDER until the nb101 work lands: registered so the registry and CLI compile.
import { LissnasError } from "../../errors.js";
import type { SearchSpace } from "../space.js";

export const nb101: SearchSpace = {
  id: "nb101",
  aliases: [],
  description: "nb101 (not yet implemented)",
  wasmId: 1,
  genomeLength: 26,
  cardinalities: Array(26).fill(2),
  maxEditDistance: 1,
  size: () => 0n,
  uniqueSize: () => undefined,
  parse: () => { throw new LissnasError("E_PARSE", "nb101 is not implemented yet"); },
  format: () => "",
  reference: {
    sample: () => new Uint8Array(26),
    canonicalize: () => false,
    editDistance: () => 0,
    moveCount: 1,
    applyMove: () => null,
  },
};
