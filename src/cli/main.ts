// The lissnas command line. Each command lives in src/cli/commands/<name>.ts and registers itself here.
import { Command, CommanderError } from "commander";
import { LissnasError, printable } from "../errors.js";
import { guardStandardStreams, isClosedPipe, settleStream } from "../io/standardOutput.js";
import { exitCleanlyOnSignals } from "../io/outputClaim.js";
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
import { registerSearch } from "./commands/search.js";
import { registerExport } from "./commands/export.js";
import { addHelpTexts } from "./help.js";
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
  registerSearch,
  registerExport,
  registerWorker,
];

export function buildProgram(): Command {
  const program = new Command("lissnas")
    .description("Locality-based iterative search-space shrinkage for neural architecture search")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    // Commander echoes arguments in its errors: control bytes escaped and excerpts capped, like every message.
    .configureOutput({ outputError: (text, write) => write(printable(text)) });
  for (const register of COMMANDS) register(program);
  addHelpTexts(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 2 user error, 1 internal error). */
export async function main(argv: string[]): Promise<number> {
  guardStandardStreams();
  exitCleanlyOnSignals();
  reportUnfinishedRun();
  let code: number;
  try {
    await buildProgram().parseAsync(argv);
    code = 0;
  } catch (error) {
    code = exitCode(error);
  }
  // A failed write to stdout surfaces after the write call returns: the command's last lines too.
  try {
    await settleStream(process.stdout);
  } catch (error) {
    if (code === 0) code = exitCode(error);
  }
  finished = true;
  return code;
}

/** Prints what the user needs (a message, or a stack for an internal error) and returns the exit code. */
function exitCode(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof LissnasError) {
    process.stderr.write(`lissnas: ${error.message}\n`);
    return 2;
  }
  if (isClosedPipe(error)) return 0;
  process.stderr.write(`lissnas: internal error: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

let finished = false;
let watchingExit = false;

/**
 * Node exits with 13 when the event loop empties while main() still awaits (a promise nobody will settle):
 * say so as the internal error it is, instead of exiting 13 in silence.
 */
function reportUnfinishedRun(): void {
  if (watchingExit) return;
  watchingExit = true;
  process.on("exit", () => {
    if (finished || process.exitCode !== 13) return;
    process.stderr.write("lissnas: internal error: the command stopped before finishing (it awaited an event that never came)\n");
    process.exitCode = 1;
  });
}
