// Splits the command of a `cmd:` predictor into a program and its arguments, the way a POSIX shell
// splits words (quotes and backslashes), without running a shell: lissnas then owns the scorer's
// process itself (its pid, its exit code), and nothing in the text is expanded or executed.
import { LissnasError } from "../errors.js";

export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) {
    throw new LissnasError("E_OPTION", `cmd: scorer command has an unterminated ${quote} quote: ${text}`, { field: "predictor" });
  }
  if (inWord) words.push(word);
  if (words.length === 0) {
    throw new LissnasError("E_OPTION", `a scorer process is written cmd:"PROGRAM ARGS..."; found an empty command`, { field: "predictor" });
  }
  return words;
}
