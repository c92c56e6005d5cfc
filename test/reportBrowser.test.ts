// The report as a reader sees it: Debian's headless Chromium opens the HTML file from disk, driven by
// playwright-core (which never downloads a browser of its own). The screenshot is kept under test-artifacts/.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { runCli } from "./helpers/cli.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const CHROMIUM = process.env.LISSNAS_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];

let reportFile: string;

before(() => {
  if (needsShared("data/nb201/nb201.jsonl").skip !== undefined) return;
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-browser-"));
  const nb201 = sharedPath("data/nb201/nb201.jsonl");
  const evaluation = runCli(["evaluate", "nb201", "--truth", nb201, "--target", "test_acc", "--train-target", "val_acc", "--seeds", "1..2",
    "--train-size", "200", "--initial", "200", "--quiet", "--out", path.join(dir, "evaluation")]);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const locality = runCli(["locality", "nb201", "--truth", nb201, "--target", "test_acc", "--walks", "100", "--json"]);
  assert.equal(locality.status, 0, locality.stderr);
  writeFileSync(path.join(dir, "locality.json"), locality.stdout);
  const search = runCli(["search", "nb201", "--oracle", `table:${nb201}:test_acc`, "--algorithm", "evolution", "--budget", "30", "--trials", "4",
    "--out", path.join(dir, "search")]);
  assert.equal(search.status, 0, search.stderr);
  reportFile = path.join(dir, "report.html");
  const report = runCli(["report", path.join(dir, "evaluation"), path.join(dir, "locality.json"), path.join(dir, "search"), "--out", reportFile]);
  assert.equal(report.status, 0, report.stderr);
});

test("headless Chromium renders the report from disk without console errors, every SVG with a non-empty box", { ...needsShared("data/nb201/nb201.jsonl"), timeout: 120_000 }, async () => {
  // A missing browser is a failure with the fix in the message, never a silent skip.
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does this) ` +
    `or point LISSNAS_CHROMIUM at a Chromium binary`);
  const profile = mkdtempSync(path.join(tmpdir(), "lissnas-chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 } });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
    page.on("request", (request) => requests.push(request.url()));
    const url = pathToFileURL(reportFile).href;
    await page.goto(url, { waitUntil: "load" });

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = path.join(ARTIFACTS, "report.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(existsSync(screenshot));

    const boxes = await page.$$eval("svg", (svgs) => svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return { chart: svg.getAttribute("data-chart"), width: box.width, height: box.height };
    }));
    assert.deepEqual(problems, [], "no console errors, page errors or failed requests");
    assert.deepEqual(requests, [url], "the page loads nothing but itself");
    assert.deepEqual(boxes.map((b) => b.chart), ["evaluation-0-error-edf", "evaluation-0-cost-histogram", "evaluation-0-accuracy-cost", "evaluation-0-good-by-cost", "evaluation-0-trace-size",
      "evaluation-0-trace-mean", "search-0-anytime", "locality-rwa", "locality-aad"]);
    for (const box of boxes) assert.ok(box.width > 0 && box.height > 0, `${box.chart}: ${box.width}×${box.height}`);
  } finally {
    await context.close();
  }
});
