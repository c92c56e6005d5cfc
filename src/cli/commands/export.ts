import type { Command } from "commander";
import { existsSync } from "node:fs";
import { getSpace } from "../../spaces/registry.js";
import { SpaceKernels } from "../../spaces/kernels.js";
import { LissnasError } from "../../errors.js";
import { choiceOption } from "../options.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { declaredSpace, readMemberSet, resolveSpaceFile } from "../../search/inputSpace.js";
import { EXPORT_FORMATS, exportMembers } from "../../export/formats.js";

export function registerExport(program: Command): void {
  program.command("export <RUN_DIR>")
    .description("hand a space to a trainer: NASLib encodings (naslib), the per-position operation mask (mask), or the genomes with the space's column names (csv, jsonl)")
    .requiredOption("--format <F>", `one of ${EXPORT_FORMATS.join(", ")}`, choiceOption("--format", EXPORT_FORMATS))
    .requiredOption("--out <FILE>", "file to write (atomically)")
    .option("--method <M>", "with an evaluate output directory: the method whose space is exported")
    .option("--space <SPACE>", "the search space, where no manifest.json or evaluation.json beside the space names it")
    .option("--force", "replace an existing --out FILE")
    .action(async (target: string, o: { format: string; out: string; method?: string; space?: string; force?: boolean }) => {
      if (existsSync(o.out) && o.force !== true) throw new LissnasError("E_OUTPUT_EXISTS", "output file exists; pass --force to replace it", { file: o.out });
      const file = resolveSpaceFile(target, o.method);
      const declared = declaredSpace(file);
      const name = o.space ?? declared;
      if (name === undefined) throw new LissnasError("E_OPTION", "no manifest.json or evaluation.json names the space of this file: pass --space", { file, field: "space" });
      const kernels = new SpaceKernels(getSpace(name));
      const members = await readMemberSet(kernels, file);
      writeFileAtomic(o.out, exportMembers(kernels, members, o.format));
      process.stderr.write(`lissnas export: ${members.count} architectures of ${kernels.space.id} written to ${o.out} (${o.format})\n`);
    });
}
