import { LissnasError } from "../errors.js";
// Node's system errors read "ENOSPC: no space left on device, write 'x'"; users need the middle part.

/** The reason of a system error in plain words ("no space left on device"), else its message. */
export function systemErrorReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = typeof message === "string" ? message : String(error);
  if (typeof code !== "string" || !text.startsWith(`${code}: `)) return text;
  return text.slice(code.length + 2).replace(/, [a-z_]+(?: '[^']*')*(?: -> '[^']*')?$/, "");
}

/** The error for an input that cannot be read: "no such file", or the system's reason, naming the input. */
export function inputReadError(error: unknown, name: string): LissnasError {
  const code = (error as NodeJS.ErrnoException).code;
  return new LissnasError("E_IO", `cannot read: ${code === "ENOENT" ? "no such file" : systemErrorReason(error)}`, { file: name });
}
