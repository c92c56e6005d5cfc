// Reads the space a search is restricted to (--in): a shrink output directory (space.jsonl or
// space.parquet beside manifest.json), one method's space of an `evaluate --out` directory
// (space-<method>.jsonl or .parquet, chosen by --method or named directly), or any JSON Lines or Parquet
// file of architectures (e.g. a benchmark table: its covered cells). Members are canonicalised and deduplicated up to isomorphism.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { readArchRows } from "../io/archStream.js";

export interface MemberSet {
  /** Where the members came from (a file). */
  source: string;
  /** Distinct canonical genomes, concatenated. */
  genomes: Uint8Array;
  keys: BigUint64Array;
  count: number;
}

/** The space file an --in argument names. */
export function resolveSpaceFile(target: string, method?: string): string {
  if (!existsSync(target)) throw new LissnasError("E_IO", "no such file or directory", { file: target, field: "in" });
  if (!statSync(target).isDirectory()) {
    if (method !== undefined) throw new LissnasError("E_OPTION", `--method applies to a directory; --in names a file`, { file: target, field: "method" });
    return target;
  }
  const files = readdirSync(target);
  const methods = files.map((f) => /^space-(.+)\.(jsonl|parquet)$/.exec(f)?.[1]).filter((m): m is string => m !== undefined);
  if (method !== undefined) {
    if (method === "full") {
      throw new LissnasError("E_OPTION", `the full space has no file: leave out --in (with --restrict-to-table for a table's covered architectures)`, { field: "method" });
    }
    const jsonl = path.join(target, `space-${method}.jsonl`);
    const file = existsSync(jsonl) ? jsonl : path.join(target, `space-${method}.parquet`);
    if (!existsSync(file)) {
      throw new LissnasError("E_IO", `no space-${method}.jsonl; this directory holds ${methods.length > 0 ? methods.join(", ") : "no method spaces"}`, { file: target, field: "method" });
    }
    return file;
  }
  if (files.includes("space.jsonl")) return path.join(target, "space.jsonl");
  if (files.includes("space.parquet")) return path.join(target, "space.parquet");
  if (methods.length > 0) {
    throw new LissnasError("E_OPTION", `an evaluate output holds several spaces (${methods.join(", ")}): choose one with --method, or name DIR/space-<method>.jsonl`, { file: target, field: "in" });
  }
  throw new LissnasError("E_IO", "not a lissnas space: expected space.jsonl (shrink --out) or space-<method>.jsonl (evaluate --out)", { file: target, field: "in" });
}

/** The space named in a manifest.json or evaluation.json beside the file, if any. */
export function declaredSpace(file: string): string | undefined {
  for (const name of ["manifest.json", "evaluation.json"]) {
    const beside = path.join(path.dirname(file), name);
    if (!existsSync(beside)) continue;
    try {
      const value = JSON.parse(readFileSync(beside, "utf8")) as { space?: unknown };
      if (typeof value.space === "string") return value.space;
    } catch {
      // An unreadable neighbour says nothing about this file; the members are checked row by row anyway.
    }
  }
  return undefined;
}

export async function readMemberSet(kernels: SpaceKernels, target: string, method?: string): Promise<MemberSet> {
  const file = resolveSpaceFile(target, method);
  const declared = declaredSpace(file);
  if (declared !== undefined && declared !== kernels.space.id) {
    throw new LissnasError("E_OPTION", `holds a ${declared} space; the search is over ${kernels.space.id}`, { file, field: "in" });
  }
  const length = kernels.space.genomeLength;
  const seen = new Set<bigint>();
  const genomes: Uint8Array[] = [];
  const keys: bigint[] = [];
  for await (const rows of readArchRows(kernels.space, file)) {
    const raw = new Uint8Array(rows.length * length);
    rows.forEach((row, i) => raw.set(row.genome, i * length));
    const { genomes: canonical, valid } = kernels.canonicalize(raw);
    const bad = valid.indexOf(0);
    if (bad >= 0) throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}`, { file, line: rows[bad].line, field: "arch" });
    const batchKeys = kernels.keys(canonical);
    batchKeys.forEach((key, i) => {
      if (seen.has(key)) return;
      seen.add(key);
      keys.push(key);
      genomes.push(canonical.slice(i * length, (i + 1) * length));
    });
  }
  if (genomes.length === 0) throw new LissnasError("E_DATA", "the space is empty", { file, field: "in" });
  return memberSet(file, genomes, keys, length);
}

export function memberSet(source: string, genomes: Uint8Array[], keys: bigint[], length: number): MemberSet {
  const all = new Uint8Array(genomes.length * length);
  genomes.forEach((g, i) => all.set(g, i * length));
  return { source, genomes: all, keys: BigUint64Array.from(keys), count: genomes.length };
}

/** The members whose key passes `keep`, in their order. */
export function filterMembers(members: MemberSet, length: number, keep: (key: bigint) => boolean, source = members.source): MemberSet {
  const genomes: Uint8Array[] = [];
  const keys: bigint[] = [];
  members.keys.forEach((key, i) => {
    if (keep(key)) {
      keys.push(key);
      genomes.push(members.genomes.subarray(i * length, (i + 1) * length));
    }
  });
  return memberSet(source, genomes, keys, length);
}
