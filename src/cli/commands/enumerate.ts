import type { Command } from "commander";
import { LissnasError } from "../../errors.js";
import { LineWriter } from "../../io/lineWriter.js";
import { spaceKernels, writeGenomeRows } from "../common.js";

export function registerEnumerate(program: Command): void {
  program.command("enumerate <space>")
    .description("stream every isomorphism class once as JSON Lines {arch, key} (nb201, nb101)")
    .action(async (name: string) => {
      const kernels = spaceKernels(name);
      const enumerate = kernels.space.enumerate;
      if (enumerate === undefined) {
        throw new LissnasError("E_OPTION", `${kernels.space.id} has ${kernels.space.size()} architectures and cannot be enumerated; use "lissnas sample"`);
      }
      const out = new LineWriter();
      for (const batch of enumerate.call(kernels.space, kernels.core)) await writeGenomeRows(out, kernels, batch);
      await out.flush();
    });
}
