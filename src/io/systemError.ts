// Node's system errors read "ENOSPC: no space left on device, write 'x'"; users need the middle part.

/** The reason of a system error in plain words ("no space left on device"), else its message. */
export function systemErrorReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = typeof message === "string" ? message : String(error);
  if (typeof code !== "string" || !text.startsWith(`${code}: `)) return text;
  return text.slice(code.length + 2).replace(/, [a-z_]+(?: '[^']*')*(?: -> '[^']*')?$/, "");
}
