// Space ids as the host numbers them (src/spaces/*/index.ts `wasmId`), and the per-genome operations
// every kernel dispatches through. Adding a space: one file in assembly/spaces/ and one case per switch.
import { NB201_LENGTH, NB201_MOVES, nb201Canonicalize, nb201Sample, nb201ApplyMove, nb201EditDistance } from "./nb201";
import { NB101_LENGTH, NB101_MOVES, nb101Canonicalize, nb101Sample, nb101ApplyMove, nb101EditDistance } from "./nb101";
import { NB301_LENGTH, NB301_MOVES, nb301Canonicalize, nb301Sample, nb301ApplyMove, nb301EditDistance } from "./nb301";
import { TNB101_MACRO_LENGTH, TNB101_MACRO_MOVES, tnb101MacroCanonicalize, tnb101MacroSample, tnb101MacroApplyMove, tnb101MacroEditDistance } from "./tnb101Macro";
import { TNB101_MICRO_LENGTH, TNB101_MICRO_MOVES, tnb101MicroCanonicalize, tnb101MicroSample, tnb101MicroApplyMove, tnb101MicroEditDistance } from "./tnb101Micro";
import { NB_MACRO_LENGTH, NB_MACRO_MOVES, nbMacroCanonicalize, nbMacroSample, nbMacroApplyMove, nbMacroEditDistance } from "./nbMacro";
import { choiceLength, choiceMoveCount, choiceCanonicalize, choiceSample, choiceApplyMove, choiceEditDistance } from "./choiceList";
import { SPOS_TABLE } from "./spos";
import { FAIRNAS_TABLE } from "./fairnas";
import { MNAS_TABLE } from "./mnas";

export const SPACE_NB201: i32 = 0;
export const SPACE_NB101: i32 = 1;
export const SPACE_NB301: i32 = 2;
export const SPACE_TNB101_MACRO: i32 = 3;
export const SPACE_TNB101_MICRO: i32 = 4;
export const SPACE_NB_MACRO: i32 = 5;
export const SPACE_SPOS: i32 = 6;
export const SPACE_FAIRNAS: i32 = 7;
export const SPACE_MNAS: i32 = 8;

/** Genome length in bytes, or 0 for an unknown space. */
export function genomeLength(space: i32): i32 {
  switch (space) {
    case SPACE_NB201: return NB201_LENGTH;
    case SPACE_NB101: return NB101_LENGTH;
    case SPACE_NB301: return NB301_LENGTH;
    case SPACE_TNB101_MACRO: return TNB101_MACRO_LENGTH;
    case SPACE_TNB101_MICRO: return TNB101_MICRO_LENGTH;
    case SPACE_NB_MACRO: return NB_MACRO_LENGTH;
    case SPACE_SPOS: return choiceLength(SPOS_TABLE);
    case SPACE_FAIRNAS: return choiceLength(FAIRNAS_TABLE);
    case SPACE_MNAS: return choiceLength(MNAS_TABLE);
  }
  return 0;
}

/** Number of single moves addressable by applyMove (some may be invalid for a given genome). */
export function moveCount(space: i32): i32 {
  switch (space) {
    case SPACE_NB201: return NB201_MOVES;
    case SPACE_NB101: return NB101_MOVES;
    case SPACE_NB301: return NB301_MOVES;
    case SPACE_TNB101_MACRO: return TNB101_MACRO_MOVES;
    case SPACE_TNB101_MICRO: return TNB101_MICRO_MOVES;
    case SPACE_NB_MACRO: return NB_MACRO_MOVES;
    case SPACE_SPOS: return choiceMoveCount(SPOS_TABLE);
    case SPACE_FAIRNAS: return choiceMoveCount(FAIRNAS_TABLE);
    case SPACE_MNAS: return choiceMoveCount(MNAS_TABLE);
  }
  return 0;
}

/** Canonicalises in place; false when the genome is not a member of the space. */
export function canonicalize(space: i32, g: usize): bool {
  switch (space) {
    case SPACE_NB201: return nb201Canonicalize(g);
    case SPACE_NB101: return nb101Canonicalize(g);
    case SPACE_NB301: return nb301Canonicalize(g);
    case SPACE_TNB101_MACRO: return tnb101MacroCanonicalize(g);
    case SPACE_TNB101_MICRO: return tnb101MicroCanonicalize(g);
    case SPACE_NB_MACRO: return nbMacroCanonicalize(g);
    case SPACE_SPOS: return choiceCanonicalize(SPOS_TABLE, g);
    case SPACE_FAIRNAS: return choiceCanonicalize(FAIRNAS_TABLE, g);
    case SPACE_MNAS: return choiceCanonicalize(MNAS_TABLE, g);
  }
  return false;
}

/** Writes one valid genome drawn with the current RNG stream (not yet canonical). */
export function sampleOne(space: i32, out: usize): void {
  switch (space) {
    case SPACE_NB201: nb201Sample(out); break;
    case SPACE_NB101: nb101Sample(out); break;
    case SPACE_NB301: nb301Sample(out); break;
    case SPACE_TNB101_MACRO: tnb101MacroSample(out); break;
    case SPACE_TNB101_MICRO: tnb101MicroSample(out); break;
    case SPACE_NB_MACRO: nbMacroSample(out); break;
    case SPACE_SPOS: choiceSample(SPOS_TABLE, out); break;
    case SPACE_FAIRNAS: choiceSample(FAIRNAS_TABLE, out); break;
    case SPACE_MNAS: choiceSample(MNAS_TABLE, out); break;
  }
}

/** dst = src with move k applied; false when the move is not allowed from src. */
export function applyMove(space: i32, src: usize, dst: usize, k: i32): bool {
  switch (space) {
    case SPACE_NB201: return nb201ApplyMove(src, dst, k);
    case SPACE_NB101: return nb101ApplyMove(src, dst, k);
    case SPACE_NB301: return nb301ApplyMove(src, dst, k);
    case SPACE_TNB101_MACRO: return tnb101MacroApplyMove(src, dst, k);
    case SPACE_TNB101_MICRO: return tnb101MicroApplyMove(src, dst, k);
    case SPACE_NB_MACRO: return nbMacroApplyMove(src, dst, k);
    case SPACE_SPOS: return choiceApplyMove(SPOS_TABLE, src, dst, k);
    case SPACE_FAIRNAS: return choiceApplyMove(FAIRNAS_TABLE, src, dst, k);
    case SPACE_MNAS: return choiceApplyMove(MNAS_TABLE, src, dst, k);
  }
  return false;
}

export function editDistance(space: i32, a: usize, b: usize): i32 {
  switch (space) {
    case SPACE_NB201: return nb201EditDistance(a, b);
    case SPACE_NB101: return nb101EditDistance(a, b);
    case SPACE_NB301: return nb301EditDistance(a, b);
    case SPACE_TNB101_MACRO: return tnb101MacroEditDistance(a, b);
    case SPACE_TNB101_MICRO: return tnb101MicroEditDistance(a, b);
    case SPACE_NB_MACRO: return nbMacroEditDistance(a, b);
    case SPACE_SPOS: return choiceEditDistance(SPOS_TABLE, a, b);
    case SPACE_FAIRNAS: return choiceEditDistance(FAIRNAS_TABLE, a, b);
    case SPACE_MNAS: return choiceEditDistance(MNAS_TABLE, a, b);
  }
  return -1;
}
