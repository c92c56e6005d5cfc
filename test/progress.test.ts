import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ProgressLine } from "../src/cli/progress.js";
import { runCli } from "./helpers/cli.js";

/** A stream that records what is written, posing as a terminal (or not). */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 120 });
  return { stream, text: () => chunks.join("") };
}

test("progress draws a bar with the share done and the text on a terminal, and clears it when done", () => {
  const { stream, text } = fakeStream(true);
  const progress = new ProgressLine(false, stream);
  assert.equal(progress.enabled, true);
  progress.update("seed 1: lissnas", 1, 4);
  progress.update("seed 1: measuring full", 2, 4);
  progress.done();
  const shown = text();
  assert.match(shown, /25% \| seed 1: lissnas/);
  assert.match(shown, /50% \| seed 1: measuring full/);
  assert.match(shown, /\u2588+\u2591+/, "a bar of done and left cells");
  assert.match(shown, /\x1b\[\?25h/, "the cursor is shown again");
  assert.match(shown, /\x1b\[2K$/, "the line is cleared at the end");
});

test("progress with text only shows no made-up percentage", () => {
  const { stream, text } = fakeStream(true);
  const progress = new ProgressLine(false, stream);
  progress.update("reading the table");
  progress.done();
  assert.match(text(), /--% \| reading the table/);
});

test("progress writes nothing when stderr is not a terminal, or with --quiet", () => {
  for (const [quiet, isTTY] of [[false, false], [true, true]] as const) {
    const { stream, text } = fakeStream(isTTY);
    const progress = new ProgressLine(quiet, stream);
    assert.equal(progress.enabled, false);
    progress.update("working", 1, 2);
    progress.done();
    assert.equal(text(), "");
  }
});

test("enumerate and shrink keep stderr empty when it is not a terminal", () => {
  const enumerate = runCli(["enumerate", "nb201"]);
  assert.equal(enumerate.status, 0);
  assert.equal(enumerate.stderr, "");
  const shrink = runCli(["shrink", "nb201", "--predictor", "synthetic:1", "--initial", "100", "--max-iter", "2", "--json", "--force",
    "--out", path.join(mkdtempSync(path.join(tmpdir(), "lissnas-progress-")), "run")]);
  assert.equal(shrink.status, 0, shrink.stderr);
  assert.equal(shrink.stderr, "");
});

test("enumerate shows a bar on a terminal (util-linux script gives it a pseudo-terminal)", () => {
  const bin = fileURLToPath(new URL("../../bin/lissnas.js", import.meta.url));
  const run = spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} enumerate nb201 > /dev/null`, "/dev/null"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  // Redraws are throttled to 10 per second, so which share is on screen last depends on timing.
  assert.match(run.stdout, /\d+% \| [\d,]+ classes of nb201/);
  const quiet = spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} enumerate nb201 --quiet > /dev/null`, "/dev/null"], { encoding: "utf8" });
  assert.doesNotMatch(quiet.stdout, /classes of nb201/);
});
