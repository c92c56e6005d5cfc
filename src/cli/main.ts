// The lissnas command line. Each command lives in src/cli/commands/<name>.ts and registers itself here.
import { Command, CommanderError } from "commander";
import { LissnasError } from "../errors.js";
import { registerSpaces } from "./commands/spaces.js";
import { registerSize } from "./commands/size.js";
import { registerEnumerate } from "./commands/enumerate.js";
import { registerSample } from "./commands/sample.js";
import { registerHash } from "./commands/hash.js";
import { registerNeighbours } from "./commands/neighbours.js";
import { registerDistance } from "./commands/distance.js";
import { registerFit } from "./commands/fit.js";
import { registerPredict } from "./commands/predict.js";
import { registerShrink, registerDemo } from "./commands/shrink.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerReport } from "./commands/report.js";
import { registerLocality } from "./commands/locality.js";
import { registerWorker } from "./commands/worker.js";

const COMMANDS: Array<(program: Command) => void> = [
  registerSpaces,
  registerSize,
  registerEnumerate,
  registerSample,
  registerHash,
  registerNeighbours,
  registerDistance,
  registerFit,
  registerPredict,
  registerShrink,
  registerDemo,
  registerEvaluate,
  registerReport,
  registerLocality,
  registerWorker,
];

export function buildProgram(): Command {
  const program = new Command("lissnas")
    .description("Locality-based iterative search-space shrinkage for neural architecture search")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  for (const register of COMMANDS) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 2 user error, 1 internal error). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof LissnasError) {
      process.stderr.write(`lissnas: ${error.message}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return 0;
    process.stderr.write(`lissnas: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
