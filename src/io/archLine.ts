// One line (or parsed row) of an architecture stream split into the arch and the other fields, and how
// an input is named in messages: what the row workers need, without the Parquet reader archStream.ts
// also holds (workers start faster without loading it).
import { LissnasError } from "../errors.js";
import { checkUtf8Line, parseJson } from "./inputText.js";

/** Splits one line into the arch value and the row's other fields. */
export function splitArchLine(text: string, file: string, line: number): { arch: unknown; fields: Record<string, unknown> } {
  checkUtf8Line(text, { file, line });
  const trimmed = text.trim(); // also drops a byte-order mark
  if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
    const parsed = parseJson(trimmed, { file, line });
    if (typeof parsed === "string") return { arch: parsed, fields: {} };
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new LissnasError("E_PARSE", `expected a JSON object with an "arch" field, or an arch; found ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`, { file, line });
    }
    return splitArchRow(parsed as Record<string, unknown>, file, line);
  }
  return { arch: trimmed, fields: {} };
}

/** Splits a row object (a JSON line's, or a Parquet row's: `line` is then its 1-based row number) into the arch and the other fields. */
export function splitArchRow(row: Record<string, unknown>, file: string, line: number): { arch: unknown; fields: Record<string, unknown> } {
  if ("arch" in row) {
    const { arch, ...fields } = row;
    return { arch, fields };
  }
  if ("matrix" in row && "ops" in row) return { arch: row, fields: {} };
  throw new LissnasError("E_PARSE", `row has no "arch" field (found fields ${Object.keys(row).map((k) => `"${k}"`).join(", ") || "none"})`, { file, line });
}

/** How an input is named in messages: "<stdin>" for "-" or no file. */
export function inputName(file: string | undefined): string {
  return file === undefined || file === "-" ? "<stdin>" : file;
}
