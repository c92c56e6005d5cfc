/** Where a piece of user input came from: a file (or "<arg>"/"<stdin>"), a 1-based line, a field. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

export type ErrorCode =
  | "E_PARSE"
  | "E_INVALID_ARCH"
  | "E_UNKNOWN_SPACE"
  | "E_OPTION"
  | "E_IO"
  | "E_OUTPUT_EXISTS"
  | "E_WASM"
  | "E_CAPACITY"
  | "E_PREDICTOR"
  | "E_DATA"
  | "E_ENGINE";

/**
 * The one error type of lissnas: a stable code, a location and a message saying what was expected
 * and what was found. The CLI prints `message` alone (no stack) for these.
 */
export class LissnasError extends Error {
  readonly code: ErrorCode;
  readonly location: InputLocation;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, location: InputLocation = {}) {
    super(printable(formatLocation(location) + detail));
    this.name = "LissnasError";
    this.code = code;
    this.location = location;
    this.detail = detail;
  }

  /** The same error, placed at a file and line (used when a parser error surfaces from a stream). */
  at(location: InputLocation): LissnasError {
    return new LissnasError(this.code, this.detail, { ...this.location, ...location });
  }
}

/** Longest quoted excerpt of user input a message echoes. */
export const EXCERPT_CHARS = 120;

/**
 * A message safe to print: control bytes (NUL, ESC, ...) escaped so they cannot drive the terminal,
 * each quoted excerpt of input capped at EXCERPT_CHARS, and the whole capped so a 50 MB line is never echoed.
 */
export function printable(message: string): string {
  const bounded = message.length > 4000 ? message.slice(0, 3000) + "…" + message.slice(-1000) : message;
  const escaped = bounded.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => (c === "\u001b" ? "\\e" : c === "\0" ? "\\0" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
  const capped = escaped.replace(new RegExp(`"([^"\\n]{${EXCERPT_CHARS + 1},})"`, "g"), (_, inner: string) => `"${inner.slice(0, EXCERPT_CHARS)}…"`);
  return capped.length <= 1000 ? capped : capped.slice(0, 700) + " … " + capped.slice(-250);
}

function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) {
    parts.push(location.line !== undefined ? `${location.file}:${location.line}` : location.file);
  } else if (location.line !== undefined) {
    parts.push(`line ${location.line}`);
  }
  if (location.field !== undefined) parts.push(`field "${location.field}"`);
  return parts.length > 0 ? parts.join(": ") + ": " : "";
}
