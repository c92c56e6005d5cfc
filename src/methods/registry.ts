// The registry of shrink methods. A method is checked structurally when registered, so a malformed one
// fails at start-up naming the member it lacks; runMethod holds every method to the same rules.
import { LissnasError } from "../errors.js";
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { sizeGap } from "./produce.js";
import { lissnas } from "./lissnas.js";
import { abs } from "./abs.js";
import { padnas } from "./padnas.js";
import { nse } from "./nse.js";
import { greedynas } from "./greedynas.js";
import { topk } from "./topk.js";
import { topkAll } from "./topkAll.js";
import { random } from "./random.js";
import { full } from "./full.js";

const methods = new Map<string, ShrinkMethod>();

const REQUIRED_MEMBERS: ReadonlyArray<[keyof ShrinkMethod, string]> = [
  ["name", "string"], ["description", "string"], ["sizedToTarget", "boolean"], ["run", "function"],
];

export function registerMethod(method: ShrinkMethod): void {
  for (const [member, type] of REQUIRED_MEMBERS) {
    if (typeof method[member] !== type) {
      throw new TypeError(`shrink method "${String(method.name)}": member "${member}" must be a ${type}; found ${typeof method[member]}`);
    }
  }
  if (!/^[a-z][a-z0-9-]*$/.test(method.name)) throw new TypeError(`shrink method name "${method.name}" must be lowercase letters, digits and dashes`);
  if (methods.has(method.name) && methods.get(method.name) !== method) throw new TypeError(`shrink method name "${method.name}" is already registered`);
  methods.set(method.name, method);
}

export function getMethod(name: string): ShrinkMethod {
  const method = methods.get(name);
  if (method === undefined) throw new LissnasError("E_OPTION", `unknown method "${name}"; expected one of ${[...methods.keys()].join(", ")}`);
  return method;
}

/** Registered methods, in registration order (lissnas first: it sets the others' target and budget). */
export function listMethods(): ShrinkMethod[] {
  return [...methods.values()];
}

export function methodNames(): string[] {
  return [...methods.keys()];
}

/** Farthest a method sized to the target may land (as a ratio either way) before its row says why. */
export const COMPARABLE_RATIO = 2;

/**
 * Runs a method and holds it to the shared rules: an empty space without a reason is a bug (an error,
 * not a silent null row); a method sized to the target that lands more than COMPARABLE_RATIO away from
 * it says so in its reason (its figures are still reported; the sizes are in the runs). Reasons carry no
 * per-seed numbers, so a row's runs share one.
 */
export async function runMethod(method: ShrinkMethod, context: MethodContext): Promise<ProducedSpace> {
  const produced = await method.run(context);
  if (produced.reason === null && produced.size === 0) {
    throw new LissnasError("E_DATA", `method ${method.name} returned an empty space on ${context.space.id} without a reason`);
  }
  if (produced.reason === null && method.sizedToTarget && sizeGap(produced.size, context.targetSize) > Math.log(COMPARABLE_RATIO)) {
    produced.reason = `${method.name}: its rule cannot come within ${COMPARABLE_RATIO}x of the target size`;
  }
  return produced;
}

for (const method of [lissnas, abs, padnas, nse, greedynas, topk, topkAll, random, full]) registerMethod(method);
