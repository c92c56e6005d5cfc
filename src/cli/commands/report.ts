import type { Command } from "commander";
import { readReportInput, renderReport } from "../../report/index.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";

export function registerReport(program: Command): void {
  program.command("report <inputs...>")
    .description("write one self-contained HTML report (inline SVG charts) from evaluate --out DIRs, shrink output DIRs and locality JSON files")
    .requiredOption("--out <FILE>", "HTML file to write (atomically)")
    .action((inputs: string[], o: { out: string }) => {
      const html = renderReport(inputs.map(readReportInput), `lissnas report ${inputs.join(" ")}`);
      writeFileAtomic(o.out, html);
      process.stdout.write(`written to ${o.out}\n`);
    });
}
