import type { Command } from "commander";
import { listSpaces } from "../../spaces/registry.js";
import { writeOut } from "../../io/standardOutput.js";

export function registerSpaces(program: Command): void {
  program.command("spaces")
    .description("list the search spaces: id, size, genome length, max edit distance")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const rows = listSpaces().map((space) => ({
        id: space.id,
        aliases: space.aliases,
        description: space.description,
        size: space.size().toString(),
        unique: space.uniqueSize()?.toString() ?? null,
        genome_length: space.genomeLength,
        max_edit_distance: space.maxEditDistance,
        default_radius: Math.round(space.maxEditDistance / 3),
      }));
      if (options.json) {
        await writeOut(JSON.stringify({ schema_version: 1, spaces: rows }, null, 2) + "\n");
        return;
      }
      const header = ["id", "size", "unique", "genome", "max dist", "description"];
      const table = rows.map((r) => [r.id, r.size, r.unique ?? "-", String(r.genome_length), String(r.max_edit_distance), r.description]);
      const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
      for (const row of [header, ...table]) {
        await writeOut(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join("  ") + "\n");
      }
    });
}
