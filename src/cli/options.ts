// Option parsers for commander: each validates at parse time and names the option in its message.
// Every numeric option reads numbers the same way (parseNumeral): decimal with an optional fraction
// and exponent ("1000", "0.5", "1e6"), or 0x-hex for integers ("0x10"). Integer options take any
// numeral whose value is a whole number.
import { InvalidArgumentError } from "commander";
import { availableParallelism } from "node:os";

/** An exact numeral: value = mantissa * 10^exponent (decimal), or an integer (hex). */
interface Numeral {
  mantissa: bigint;
  exponent: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]+)$/;

/** The exact value of a numeral as written, or a reason it is not one. */
function parseNumeral(text: string): Numeral | string {
  const trimmed = text.trim();
  if (trimmed === "") return "empty";
  const hex = HEX.exec(trimmed);
  if (hex !== null) {
    const value = BigInt("0x" + hex[2]);
    return { mantissa: hex[1] === "-" ? -value : value, exponent: 0 };
  }
  const decimal = DECIMAL.exec(trimmed);
  if (decimal === null || (decimal[2] === "" && (decimal[3] ?? "") === "")) {
    return /^[+-]?(inf|infinity|nan)$/i.test(trimmed) ? "not finite" : "not a number";
  }
  const [, sign, whole, fraction = "", exponentText = "0"] = decimal;
  const exponent = Number(exponentText) - fraction.length;
  // Beyond this, the value is 0 or overflows every option's range; stop before BigInt ** explodes.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 4096) return Number(exponentText) > 0 ? "not finite" : "not a number";
  const digits = BigInt((whole + fraction).replace(/^0+(?=\d)/, "") || "0");
  return { mantissa: sign === "-" ? -digits : digits, exponent };
}

/** The numeral as an exact integer, or null when it has a fractional part. */
function integerOf(numeral: Numeral): bigint | null {
  if (numeral.exponent >= 0) return numeral.mantissa * 10n ** BigInt(numeral.exponent);
  const divisor = 10n ** BigInt(-numeral.exponent);
  return numeral.mantissa % divisor === 0n ? numeral.mantissa / divisor : null;
}

function fail(name: string, expected: string, text: string, reason?: string): never {
  const shown = text.length > 40 ? text.slice(0, 40) + "…" : text;
  throw new InvalidArgumentError(`${name} must be ${expected}; found "${shown}"${reason ? ` (${reason})` : ""}`);
}

/** Parses an integer option value in [min, max]; the same numerals as every numeric option. */
export function parseIntegerText(name: string, text: string, { min = -Infinity, max = Infinity } = {}): number {
  const numeral = parseNumeral(text);
  if (typeof numeral === "string") fail(name, "an integer", text, numeral);
  const value = integerOf(numeral);
  if (value === null) fail(name, "an integer", text, "not a whole number");
  if ((min !== -Infinity && value < BigInt(min)) || (max !== Infinity && value > BigInt(max))) {
    throw new InvalidArgumentError(`${name} must be in ${min}..${max === Infinity ? "∞" : max}; found ${value}`);
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError(`${name} must be an integer of at most 2^53-1; found ${value}`);
  }
  return Number(value);
}

export function integerOption(name: string, bounds: { min?: number; max?: number } = {}) {
  return (text: string): number => parseIntegerText(name, text, bounds);
}

/** A 64-bit unsigned seed: any numeral of a whole number in 0..2^64-1 (the same numerals as every numeric option). */
export function parseSeedText(name: string, text: string): bigint {
  const numeral = parseNumeral(text);
  if (typeof numeral === "string") fail(name, "a non-negative integer below 2^64", text, numeral);
  const value = integerOf(numeral);
  if (value === null) fail(name, "a non-negative integer below 2^64", text, "not a whole number");
  if (value < 0n || value >= 1n << 64n) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer below 2^64; found ${value > 10n ** 30n ? "a number of " + value.toString().length + " digits" : value}`);
  }
  return value;
}

export function seedOption(name = "--seed") {
  return (text: string): bigint => parseSeedText(name, text);
}

/**
 * A real number in [min, max] (or (min, max] with `exclusiveMin`); hex is read as the integer it
 * spells, like everywhere else.
 */
export function numberOption(name: string, { min = -Infinity, max = Infinity, exclusiveMin = false } = {}) {
  return (text: string): number => {
    const numeral = parseNumeral(text);
    if (typeof numeral === "string") fail(name, "a number", text, numeral);
    const value = Number(numeral.exponent >= 0 || numeral.mantissa === 0n ? integerOf(numeral)! : Number(text.trim()));
    if (!Number.isFinite(value)) fail(name, "a number", text, "not finite");
    if (value < min || value > max) throw new InvalidArgumentError(`${name} must be in ${min}..${max === Infinity ? "∞" : max}; found ${value}`);
    if (exclusiveMin && value === min) throw new InvalidArgumentError(`${name} must be above ${min}; found ${value}`);
    return value;
  };
}

export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (text: string): T => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`${name} must be one of ${choices.join(", ")}; found "${text.length > 40 ? text.slice(0, 40) + "…" : text}"`);
    }
    return text as T;
  };
}

/** The most threads a --workers/--threads option may ask for: more than a few per core only adds queueing and memory. */
export const THREADS_PER_CORE = 4;

export function maxThreads(cores = availableParallelism()): number {
  return Math.min(64, Math.max(4, THREADS_PER_CORE * cores));
}

/** A thread count in 1..maxThreads(); the message names the bound and the cores it comes from. */
export function threadsOption(name: string) {
  return (text: string): number => {
    const cores = availableParallelism();
    const max = maxThreads(cores);
    const value = parseIntegerText(name, text, { min: 1 });
    if (value > max) {
      throw new InvalidArgumentError(`${name} must be at most ${max} (${THREADS_PER_CORE} per core, ${cores} core${cores === 1 ? "" : "s"} here, ` +
        `at least 4, at most 64); found ${value}`);
    }
    return value;
  };
}
