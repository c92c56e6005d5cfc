// Every command's --help: examples that name only options the command has, each default shown once,
// and the valid space ids wherever a space is an argument.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Command } from "commander";
import { buildProgram } from "../src/cli/main.js";
import { EXAMPLES } from "../src/cli/help.js";
import { listSpaces } from "../src/spaces/registry.js";

function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (chunk) => { text += chunk; }, writeErr: (chunk) => { text += chunk; } });
  command.outputHelp();
  return text;
}

const commands = (await buildProgram()).commands;

test("there is a help test for each command: the program has all seventeen", () => {
  assert.deepEqual(commands.map((command) => command.name()).sort(),
    ["demo", "distance", "enumerate", "evaluate", "export", "fit", "hash", "locality", "neighbours", "predict", "report", "sample", "search", "shrink", "size", "spaces", "worker"]);
});

for (const command of commands) {
  const name = command.name();

  test(`\`lissnas ${name} --help\` renders and ends with examples of ${name}`, () => {
    const help = helpOf(command);
    assert.match(help, new RegExp(`\\nExamples:\\n  \\$ (.*\\| )?lissnas ${name}\\b`));
    assert.ok((EXAMPLES[name] ?? []).length >= 1, `no examples for ${name}`);
  });

  test(`every option in the examples of \`lissnas ${name}\` is an option of ${name}`, () => {
    const flags = new Set(command.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined)));
    for (const [line] of EXAMPLES[name]) {
      const invocation = line.slice(line.indexOf(`lissnas ${name}`));
      assert.ok(invocation.startsWith(`lissnas ${name}`), line);
      for (const token of invocation.split(/\s+/).filter((word) => /^--?[a-z]/.test(word))) {
        assert.ok(flags.has(token.split("=")[0]), `${name} has no option ${token} (example: ${line})`);
      }
    }
  });

  test(`\`lissnas ${name} --help\` shows each default once`, () => {
    for (const option of command.options) {
      if (option.defaultValue === undefined) continue;
      assert.doesNotMatch(option.description, /\bdefault\b/, `${option.long}: commander prints its default; the description repeats it`);
    }
    assert.doesNotMatch(helpOf(command).replace(/\s+/g, " "), /\(default[^)]*\) \(default/);
  });

  if (command.registeredArguments.some((argument) => argument.name() === "space")) {
    test(`\`lissnas ${name} --help\` lists the valid space ids`, () => {
      const line = helpOf(command).split("\n").find((text) => text.startsWith("Spaces: "));
      assert.ok(line !== undefined, "no Spaces: line");
      for (const space of listSpaces()) assert.ok(line.includes(space.id), `${space.id} missing from "${line}"`);
    });
  }
}

test("shrink's help offers --num-seeds and hides its deprecated name --seeds", () => {
  const shrink = commands.find((command) => command.name() === "shrink")!;
  const help = helpOf(shrink);
  assert.match(help, /--num-seeds <K>/);
  assert.doesNotMatch(help, /--seeds\b/);
});
