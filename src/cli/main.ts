// The lissnas command line. Each command lives in src/cli/commands/<name>.ts and registers itself here.
import { Command, CommanderError } from "commander";
import { LissnasError, printable } from "../errors.js";
import { guardStandardStreams, isClosedPipe, settleStream } from "../io/standardOutput.js";
import { exitCleanlyOnSignals } from "../io/outputClaim.js";
import { addHelpTexts } from "./help.js";

type Register = (program: Command) => void;

/**
 * Each command's names and register function, its module loaded on demand: a run loads the module of
 * the command it names only (every command's module loads the code behind it, so loading them all
 * would cost every run the start-up of all). In the order of the help.
 */
const COMMANDS: Array<{ names: string[]; load: () => Promise<Register> }> = [
  { names: ["spaces"], load: async () => (await import("./commands/spaces.js")).registerSpaces },
  { names: ["size"], load: async () => (await import("./commands/size.js")).registerSize },
  { names: ["enumerate"], load: async () => (await import("./commands/enumerate.js")).registerEnumerate },
  { names: ["sample"], load: async () => (await import("./commands/sample.js")).registerSample },
  { names: ["hash"], load: async () => (await import("./commands/hash.js")).registerHash },
  { names: ["neighbours", "neighbors"], load: async () => (await import("./commands/neighbours.js")).registerNeighbours },
  { names: ["distance"], load: async () => (await import("./commands/distance.js")).registerDistance },
  { names: ["fit"], load: async () => (await import("./commands/fit.js")).registerFit },
  { names: ["predict"], load: async () => (await import("./commands/predict.js")).registerPredict },
  { names: ["shrink"], load: async () => (await import("./commands/shrink.js")).registerShrink },
  { names: ["demo"], load: async () => (await import("./commands/shrink.js")).registerDemo },
  { names: ["evaluate"], load: async () => (await import("./commands/evaluate.js")).registerEvaluate },
  { names: ["report"], load: async () => (await import("./commands/report.js")).registerReport },
  { names: ["locality"], load: async () => (await import("./commands/locality.js")).registerLocality },
  { names: ["search"], load: async () => (await import("./commands/search.js")).registerSearch },
  { names: ["export"], load: async () => (await import("./commands/export.js")).registerExport },
  { names: ["worker"], load: async () => (await import("./commands/worker.js")).registerWorker },
];

/**
 * The program with the command `argv` (node, script, command, ...) names, or with every command when it
 * names none of them (help, --version, a typo: commander then lists or suggests them all).
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const name = argv[2];
  const named = COMMANDS.filter((command) => name !== undefined && command.names.includes(name));
  const registers = await Promise.all((named.length === 1 ? named : COMMANDS).map((command) => command.load()));
  const program = new Command("lissnas")
    .description("Locality-based iterative search-space shrinkage for neural architecture search")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    // Commander echoes arguments in its errors: control bytes escaped and excerpts capped, like every message.
    .configureOutput({ outputError: (text, write) => write(printable(text)) });
  for (const register of registers) register(program);
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
    await (await buildProgram(argv)).parseAsync(argv);
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
