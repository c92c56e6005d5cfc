// Checks on a line of user input before it is parsed: text that is not UTF-8 (UTF-16, binary) is named
// as such instead of surfacing as a malformed architecture, and JSON nested deeper than any real row
// is refused before it can exhaust the stack when written back.
import { LissnasError, type InputLocation } from "../errors.js";

/** Deeper JSON than this is refused: real rows nest a few levels; JSON.stringify recurses once per level. */
export const MAX_JSON_DEPTH = 256;

/** A line decoded from UTF-8 holds NUL (UTF-16 text, binary) or U+FFFD (a byte sequence that is not UTF-8) when the file is not UTF-8. */
export function checkUtf8Line(text: string, where: InputLocation): void {
  const nul = text.indexOf("\0");
  const replacement = text.indexOf("\uFFFD");
  if (nul < 0 && replacement < 0) return;
  const utf16 = nul >= 0 && /^(\uFFFD\uFFFD)?([\s\S]\0)+/.test(text);
  throw new LissnasError("E_PARSE", `not UTF-8 text (${utf16 ? "it looks like UTF-16; convert it to UTF-8" : nul >= 0 ? "found a NUL byte" : "found bytes that are not UTF-8"})`,
    { file: where.file, line: where.line });
}

/** Depth of the deepest array/object of a JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

export function checkJsonDepth(text: string, where: InputLocation): void {
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new LissnasError("E_PARSE", `JSON nested ${depth} levels deep; expected at most ${MAX_JSON_DEPTH}`, where);
  }
}

/** A line without its UTF-8 byte-order mark (editors on Windows write one at the start of a file). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * JSON text (a line, a file or an argument) parsed, nesting deeper than MAX_JSON_DEPTH refused first (what
 * is read is written back, and JSON.stringify recurses once per level); invalid JSON is an E_PARSE at `where`.
 */
export function parseJson(trimmed: string, where: InputLocation): unknown {
  checkJsonDepth(trimmed, where);
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    throw new LissnasError("E_PARSE", `not valid JSON: ${(error as Error).message}`, where);
  }
}
