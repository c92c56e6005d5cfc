// Help works for every command, as `lissnas CMD --help` and `lissnas help CMD`: exit 0, usage on
// stdout, no stack (a BigInt default once made commander's help crash).
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProgram, main } from "../src/cli/main.js";
import { runCli } from "./helpers/cli.js";

/** Runs main() in this process with stdout and stderr captured. */
async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(["node", "lissnas", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

const names = (await buildProgram()).commands.map((command) => command.name());

test("the program registers the commands the help test iterates over", () => {
  assert.ok(names.length >= 14, names.join(", "));
  assert.ok(names.includes("locality"));
});

for (const name of names) {
  test(`${name} --help and help ${name} exit 0 with the usage and no stack`, async () => {
    for (const args of [[name, "--help"], ["help", name]]) {
      const result = await runMain(args);
      assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`Usage: lissnas ${name}`));
      assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at |internal error/);
    }
  });
}

test("the installed command prints help for locality, the command whose default seed is a BigInt", () => {
  for (const args of [["locality", "--help"], ["help", "locality"]]) {
    const result = runCli(args);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /--seed <S> +seed of every random draw \(default:? 1\)/);
    assert.equal(result.stderr, "");
  }
});
