// Helpers shared by the commands: space lookup, argument parsing, row output.
import { getSpace } from "../spaces/registry.js";
import { SpaceKernels } from "../spaces/kernels.js";
import type { SearchSpace } from "../spaces/space.js";
import { archText } from "../spaces/space.js";
import { LissnasError } from "../errors.js";
import type { LineWriter } from "../io/lineWriter.js";
import { parseJson } from "../io/inputText.js";
import type { RowOutput } from "./rowOutput.js";

export function spaceKernels(name: string): SpaceKernels {
  return new SpaceKernels(getSpace(name));
}

/**
 * Parses an architecture given on the command line (NB101 as JSON text), checks it is a member of the
 * space, and returns its canonical form (or the genome as parsed when `canonical` is false).
 */
export function parseArchArgument(kernels: SpaceKernels, text: string, argument: string, canonical = true): Uint8Array {
  let value: unknown = text;
  if (text.trim().startsWith("{")) value = parseJson(text, { file: "<arg>", field: argument });
  const genome = kernels.space.parse(value, { file: "<arg>", field: argument });
  const member = canonicalMember(kernels, genome, { file: "<arg>", field: argument });
  return canonical ? member : genome;
}

/** The canonical form of a parsed genome; a LissnasError when it is not a member of the space. */
export function canonicalMember(kernels: SpaceKernels, genome: Uint8Array, where: { file?: string; line?: number; field?: string }): Uint8Array {
  const { genomes, valid } = kernels.canonicalize(genome);
  if (valid[0] !== 1) {
    throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}: ${invalidReason(kernels.space)}`, where);
  }
  return genomes;
}

export function invalidReason(space: SearchSpace): string {
  return space.id === "nb101"
    ? "the input is not connected to the output, or the pruned cell has more than 9 edges"
    : "it violates the space's constraints";
}

/** Writes one row per genome: {arch, key, ...extra(i)} (a JSON line, or a row of a RowOutput). */
export async function writeGenomeRows(out: LineWriter | RowOutput, kernels: SpaceKernels, genomes: Uint8Array,
  extra: (index: number) => Record<string, unknown> = () => ({})): Promise<void> {
  const length = kernels.space.genomeLength;
  const keys = kernels.keyTexts(genomes);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const arch = kernels.space.format(genomes.subarray(i * length, (i + 1) * length));
    rows.push({ arch, key: keys[i], ...extra(i) });
  }
  if ("writeRows" in out) {
    await out.writeRows(rows);
    return;
  }
  for (const row of rows) await out.write(JSON.stringify(row));
}

export { archText };
