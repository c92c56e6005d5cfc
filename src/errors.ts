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
    super(formatLocation(location) + detail);
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
