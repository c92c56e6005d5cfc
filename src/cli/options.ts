// Option parsers for commander: each validates at parse time and names the option in its message.
import { InvalidArgumentError } from "commander";

export function integerOption(name: string, { min = -Infinity, max = Infinity } = {}) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`${name} must be an integer; found "${text}"`);
    }
    if (value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be in ${min}..${max === Infinity ? "∞" : max}; found ${value}`);
    }
    return value;
  };
}

/** A 64-bit unsigned seed given in decimal or 0x-hex. */
export function seedOption(name = "--seed") {
  return (text: string): bigint => {
    const trimmed = text.trim();
    if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(trimmed)) {
      throw new InvalidArgumentError(`${name} must be a non-negative integer (decimal or 0x-hex); found "${text}"`);
    }
    const value = BigInt(trimmed);
    if (value >= 1n << 64n) throw new InvalidArgumentError(`${name} must be below 2^64; found ${trimmed}`);
    return value;
  };
}

export function numberOption(name: string, { min = -Infinity, max = Infinity } = {}) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${name} must be a number; found "${text}"`);
    }
    if (value < min || value > max) throw new InvalidArgumentError(`${name} must be in ${min}..${max}; found ${value}`);
    return value;
  };
}

export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (text: string): T => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`${name} must be one of ${choices.join(", ")}; found "${text}"`);
    }
    return text as T;
  };
}
