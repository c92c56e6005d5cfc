// A run loads the command it names only (each command module loads the code behind it): the program
// then holds that command, with the same options and help as in the program of every command.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Command } from "commander";
import { buildProgram } from "../src/cli/main.js";

function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (chunk) => { text += chunk; }, writeErr: (chunk) => { text += chunk; } });
  command.outputHelp();
  return text;
}

test("a run that names a command registers that command only, with the help the full program gives it", async () => {
  const full = await buildProgram();
  for (const command of full.commands) {
    for (const name of [command.name(), ...command.aliases()]) {
      const program = await buildProgram(["node", "lissnas", name, "--help"]);
      assert.deepEqual(program.commands.map((c) => c.name()), [command.name()], name);
      assert.equal(helpOf(program.commands[0]), helpOf(command), name);
    }
  }
});

test("help, options before a command and unknown names register every command", async () => {
  const all = (await buildProgram()).commands.map((command) => command.name());
  for (const argv of [["help", "predict"], ["--help"], ["--version"], ["predcit"], []]) {
    assert.deepEqual((await buildProgram(["node", "lissnas", ...argv])).commands.map((command) => command.name()), all, argv.join(" "));
  }
});
