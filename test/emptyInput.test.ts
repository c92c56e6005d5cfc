// An empty standard input is zero rows: commands that stream rows print nothing and succeed; commands
// that need rows say so. No command may stop waiting for an input that already ended (Node's exit 13).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN } from "./helpers/cliProcess.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

/** Runs the CLI with standard input an already-closed empty pipe (like `true | lissnas ...`) or /dev/null. */
function runWithEmptyInput(args: string[], stdin: "pipe" | "ignore") {
  const result = spawnSync(process.execPath, [BIN, ...args], { input: stdin === "pipe" ? "" : undefined, stdio: [stdin, "pipe", "pipe"], encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TABLE = `table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`;

for (const stdin of ["pipe", "ignore"] as const) {
  const how = stdin === "pipe" ? "an empty pipe" : "/dev/null";
  test(`hash and predict read ${how} as zero rows: exit 0, nothing printed`, needsShared("data/nb201/nb201.jsonl"), () => {
    for (const args of [["hash", "nb201", "-"], ["hash", "nb201"], ["predict", "nb201", "--predictor", TABLE, "-"]]) {
      const result = runWithEmptyInput(args, stdin);
      assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, "");
    }
  });

  test(`evaluate and locality with --truth - on ${how} say the truth table has no rows, naming <stdin>, exit 2`, () => {
    for (const args of [["evaluate", "nb201", "--truth", "-", "--target", "test_acc"], ["locality", "nb201", "--truth", "-", "--target", "test_acc"]]) {
      const result = runWithEmptyInput(args, stdin);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stderr, "lissnas: <stdin>: the truth table has no rows\n");
    }
  });
}

test("an input of blank lines only is zero rows too, and an empty truth file is named in the message", () => {
  const blank = spawnSync(process.execPath, [BIN, "hash", "nb201", "-"], { input: "\n\r\n  \n", encoding: "utf8" });
  assert.equal(blank.status, 0, blank.stderr);
  assert.equal(blank.stdout, "");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-empty-")), "truth.jsonl");
  writeFileSync(file, "");
  const result = spawnSync(process.execPath, [BIN, "evaluate", "nb201", "--truth", file, "--target", "test_acc"], { encoding: "utf8" });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, `lissnas: ${file}: the truth table has no rows\n`);
});

test("a command left awaiting an event that never comes exits 1 with an internal error, never a silent 13", () => {
  // A standard input whose reads never settle: the event loop empties while the command still awaits.
  const mainModule = new URL("../src/cli/main.js", import.meta.url).href;
  const script = `
    process.stdin[Symbol.asyncIterator] = () => ({ next: () => new Promise(() => {}), return: async () => ({ done: true }) });
    const { main } = await import(${JSON.stringify(mainModule)});
    process.exitCode = await main(["node", "lissnas", "hash", "nb201", "-"]);`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /lissnas: internal error: the command stopped before finishing/);
});
