// What `lissnas <command> --help` shows after the options: worked examples a person can paste, and for
// commands taking a space, the valid space ids. Kept in one table so every command has examples and a
// test can check each one names only options its command has.
import type { Command } from "commander";
import { listSpaces } from "../spaces/registry.js";

const CELL_A = "'|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'";
const CELL_B = "'|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'";

/** Examples per command name: a shell command line and what it does. */
export const EXAMPLES: Record<string, Array<[command: string, what: string]>> = {
  spaces: [
    ["lissnas spaces", "every space with its size, classes, genome length and largest edit distance"],
    ["lissnas spaces --json", "the same as JSON"],
  ],
  size: [
    ["lissnas size nb101", "the number of valid NAS-Bench-101 encodings"],
    ["lissnas size nb101 --unique", "the number of isomorphism classes (423,624)"],
  ],
  enumerate: [
    ["lissnas enumerate nb201 > nb201-classes.jsonl", "one row per isomorphism class (6,466)"],
  ],
  sample: [
    ["lissnas sample nb301 -n 1000 --seed 1 --unique", "1,000 distinct DARTS cells, the same for seed 1 on any machine"],
    ["lissnas sample --from lissnas-demo -n 10 --seed 1", "10 uniform draws from a shrunk space written by shrink or demo"],
    ["lissnas sample nb301 -n 1000000 --seed 1 --format parquet > nb301-sample.parquet", "a million cells as Apache Parquet (binary: redirect it)"],
  ],
  hash: [
    ["lissnas hash nb101 rows.jsonl > keyed.jsonl", "canonical form and NAS-Bench-101 module hash of each row"],
    [`echo ${CELL_A} | lissnas hash nb201 -`, "one cell from stdin"],
  ],
  neighbours: [
    [`lissnas neighbours nb201 ${CELL_A} --radius 1 --all`, "the exact ball of radius 1"],
    [`lissnas neighbours nb201 ${CELL_A} --radius 3 -n 50 --seed 2`, "50 random-walk neighbours within 3 moves"],
  ],
  distance: [
    [`lissnas distance nb201 ${CELL_A} ${CELL_B}`, "the edit distance between two cells (1)"],
    ["lissnas distance nb301 --pairs pairs.jsonl --workers 2 > measured.jsonl", "each row {\"a\": arch, \"b\": arch, ...} with its \"distance\" appended"],
  ],
  fit: [
    ["lissnas fit nb201 --data nb201.jsonl --target val_acc --out model.onnx", "a tree-ensemble predictor, exported as ONNX"],
    ["lissnas fit nb201 --data train.jsonl --target val_acc --rounds 500 --max-depth 4 --seed 2 --out model.onnx", "with trainer settings"],
  ],
  predict: [
    ["lissnas predict nb201 cells.jsonl --model model.onnx > scored.jsonl", "score each row (tree ensembles run in the WASM core)"],
    ["lissnas predict nb201 - --predictor table:nb201.jsonl:test_acc < cells.jsonl", "look each cell up in a benchmark table"],
    ["lissnas predict nb201 cells.jsonl --model net.onnx --engine onnxruntime", "any other ONNX model (needs: npm install onnxruntime-node)"],
  ],
  shrink: [
    ["lissnas shrink nb201 --predictor model.onnx --seed 1 --out run-nb201", "shrink NAS-Bench-201 with a fitted model"],
    ["lissnas shrink nb301 --predictor table:nb301.jsonl:val_acc --missing skip --num-seeds 10 --workers 2 --out run-nb301", "a table as predictor, 10 seeds per iteration, 2 threads"],
    ["lissnas shrink nb201 --predictor model.onnx --format parquet --out run-nb201", "space.parquet and pockets.parquet instead of JSON Lines"],
  ],
  demo: [
    ["lissnas demo", "what npm start runs: nb301 on the synthetic landscape, written to lissnas-demo/"],
    ["lissnas demo --space nb201 --seed 3 --out demo-nb201", "another space and seed"],
  ],
  evaluate: [
    ["lissnas evaluate nb201 --truth nb201.jsonl --target test_acc --train-target val_acc --seeds 1..5 --out eval-nb201 --report eval-nb201.html",
      "LISSNAS against the baselines over five seeds, with an HTML report"],
    ["lissnas evaluate nb201 --truth nb201.jsonl --target test_acc --methods lissnas,random --seeds 1,2 --json", "two methods, JSON on stdout"],
  ],
  report: [
    ["lissnas report run-nb201 --out run-nb201.html", "the report of a shrink run"],
    ["lissnas report eval-nb201 locality.json --out report.html", "an evaluation and a locality analysis in one report"],
  ],
  search: [
    ["lissnas search nb201 --oracle table:nb201.jsonl:test_acc --in run-nb201 --algorithm evolution --budget 100 --trials 50 --seed 1",
      "regularized evolution inside a shrunk space, 100 queries, 50 trials"],
    ["lissnas search nb201 --oracle table:nb201.jsonl:test_acc --algorithm random --budget 300 --trials 50 --seed 1 --json", "random search in the full space, JSON on stdout"],
  ],
  export: [
    ["lissnas export run-nb201 --format naslib --out space-naslib.json", "the shrunk space in NASLib's encoding"],
    ["lissnas export run-nb201 --format mask --out mask.json", "per-edge operation mask for a supernet trainer"],
  ],
  worker: [
    ["lissnas worker --connect nats://127.0.0.1:4222", "take the walk chunks of `shrink --connect` runs from a NATS JetStream server until stopped"],
  ],
  locality: [
    ["lissnas locality nb201 --truth nb201.jsonl --target test_acc", "random-walk autocorrelation and accuracy difference by edit distance"],
    ["lissnas locality nb201 --predictor model.onnx --walks 2000 --json > locality.json", "the same on a predictor's scores, as JSON for report"],
  ],
};

/** The help text shown after a command's options. */
export function helpAfter(command: Command): string {
  const examples = EXAMPLES[command.name()] ?? [];
  const lines = ["", "Examples:"];
  for (const [line, what] of examples) lines.push(`  $ ${line}`, `      ${what}`);
  if (command.registeredArguments.some((argument) => argument.name() === "space") || command.name() === "demo") {
    lines.push("", `Spaces: ${listSpaces().map((space) => space.id).join(", ")} (lissnas spaces shows their sizes)`);
  }
  return lines.join("\n") + "\n";
}

/** Adds the examples and space list to every command of `program`. */
export function addHelpTexts(program: Command): void {
  for (const command of program.commands) command.addHelpText("after", helpAfter(command));
}
