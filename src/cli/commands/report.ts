import type { Command } from "commander";
import { readReportInput, renderReport } from "../../report/index.js";
import { OutputClaim } from "../../io/outputClaim.js";
import { writeOut } from "../../io/standardOutput.js";

export function registerReport(program: Command): void {
  program.command("report <inputs...>")
    .description("write one self-contained HTML report (inline SVG charts) from evaluate --out DIRs, shrink output DIRs and locality JSON files")
    .requiredOption("--out <FILE>", "HTML file to write (atomically)")
    .action(async (inputs: string[], o: { out: string }) => {
      const claim = OutputClaim.take(o.out, { kind: "file", option: "--out" });
      try {
        claim.writeFileSync(renderReport(inputs.map(readReportInput), `lissnas report ${inputs.join(" ")}`));
      } finally {
        claim.release();
      }
      await writeOut(`written to ${o.out}\n`);
    });
}
