// Every parser of user files, fed arbitrary bytes and arbitrary JSON, returns or throws a LissnasError,
// never another exception; and the CLI on such files exits 0 or 2, never with a stack.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { LissnasError } from "../src/errors.js";
import { listSpaces, getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { readArchRows, splitArchLine } from "../src/io/archStream.js";
import { readTruthTable } from "../src/evaluate/truthTable.js";
import { openTablePredictor } from "../src/predict/tablePredictor.js";
import { readTrainingRows, fitModel } from "../src/predict/fit.js";
import { loadModelFile } from "../src/predict/modelFile.js";
import { openPredictor } from "../src/predict/predictor.js";
import { openShrinkOutput, readShrunkSpace } from "../src/shrink/output.js";
import { ShrunkSpaceSampler } from "../src/shrink/sampler.js";
import { readReportInput } from "../src/report/index.js";
import { runCli } from "./helpers/cli.js";

const RUNS = 120;
const work = mkdtempSync(path.join(tmpdir(), "lissnas-fuzz-"));
let counter = 0;

function fileOf(content: string | Uint8Array, name = "input.jsonl"): string {
  const dir = path.join(work, String(counter++));
  mkdirSync(dir);
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Runs `parse`; anything thrown must be a LissnasError. */
async function onlyLissnasErrors(what: string, parse: () => unknown): Promise<void> {
  try {
    await parse();
  } catch (error) {
    if (!(error instanceof LissnasError)) assert.fail(`${what}: threw ${(error as Error)?.stack ?? String(error)}`);
  }
}

/** Plausible rows of a space: valid archs, mutated archs, wrong types, numbers of every kind. */
function rowArbitrary(examples: unknown[]) {
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(1e308, -0, 0.5, "1e999", null, true), fc.constantFrom(...examples));
  const arch = fc.oneof(fc.constantFrom(...examples), fc.jsonValue({ maxDepth: 2 }), fc.string(),
    fc.tuple(fc.constantFrom(...examples.filter((e) => typeof e === "string") as string[], "x"), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + 1)));
  return fc.record({ arch, acc: value, extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] });
}

function textArbitrary(examples: unknown[]) {
  const line = fc.oneof(
    rowArbitrary(examples).map((row) => JSON.stringify(row)),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(...examples).map((e) => (typeof e === "string" ? e : JSON.stringify(e))),
  );
  return fc.array(line, { maxLength: 6 }).map((lines) => lines.join("\n"));
}

function bytesArbitrary() {
  return fc.oneof(fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 80 }).map((text) => Buffer.from(text, "utf16le")),
    fc.string({ maxLength: 80 }).map((text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
}

/** A few members of each space, as the tables write them. */
function examplesOf(id: string): unknown[] {
  const kernels = new SpaceKernels(getSpace(id));
  const genomes = kernels.sample(3, 5n);
  const length = kernels.space.genomeLength;
  return [0, 1, 2].map((i) => kernels.space.format(genomes.subarray(i * length, (i + 1) * length)));
}

for (const space of listSpaces()) {
  describe(`parsers of ${space.id} input`, () => {
    const kernels = new SpaceKernels(space);
    const examples = examplesOf(space.id);

    test("a JSON Lines arch stream of arbitrary text or bytes is read or refused with a LissnasError", async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(textArbitrary(examples), bytesArbitrary()), async (content) => {
        const file = fileOf(content);
        await onlyLissnasErrors("readArchRows", async () => {
          for await (const rows of readArchRows(space, file)) kernels.canonicalize(new Uint8Array(rows.length * space.genomeLength));
        });
      }), { numRuns: RUNS });
    });

    test("an arbitrary JSON value or string as an arch is parsed or refused with a LissnasError", async () => {
      fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string(), fc.constantFrom(...examples)), (value) => {
        try {
          splitArchLine(typeof value === "string" ? value : JSON.stringify(value) ?? "", "f", 1);
          space.parse(value, { file: "f", line: 1 });
        } catch (error) {
          if (!(error instanceof LissnasError)) assert.fail(`threw ${(error as Error)?.stack ?? String(error)}`);
        }
      }), { numRuns: RUNS });
    });

    test("truth tables, table predictors and training rows of arbitrary content are read or refused with a LissnasError", async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(textArbitrary(examples), bytesArbitrary()), async (content) => {
        const file = fileOf(content);
        await onlyLissnasErrors("readTruthTable", () => readTruthTable(kernels, file, "acc", "acc", "extra"));
        await onlyLissnasErrors("openTablePredictor", () => openTablePredictor(file, "acc", space).predict(kernels.sample(2, 1n)));
        await onlyLissnasErrors("readTrainingRows", () => readTrainingRows(file, space, "acc", "mean"));
      }), { numRuns: RUNS });
    });
  });
}

describe("shrink output readers", () => {
  const nb201Examples = examplesOf("nb201");
  const manifestArbitrary = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ space: fc.oneof(fc.constantFrom("nb201", "nb999", "nb301"), fc.jsonValue({ maxDepth: 1 })), trace: fc.oneof(fc.constant([]), fc.jsonValue({ maxDepth: 2 })) }),
  ).map((value) => JSON.stringify(value));
  const spaceRow = fc.record({ arch: fc.oneof(fc.constantFrom(...nb201Examples), fc.jsonValue({ maxDepth: 1 })), key: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
    score: fc.oneof(fc.double(), fc.jsonValue({ maxDepth: 1 })), pocket: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] });
  const spaceText = fc.oneof(fc.array(fc.oneof(spaceRow.map((row) => JSON.stringify(row)), fc.string({ maxLength: 40 })), { maxLength: 5 }).map((lines) => lines.join("\n")),
    bytesArbitrary());

  test("manifest.json and space.jsonl of arbitrary content are read, sampled and reported or refused with a LissnasError", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(manifestArbitrary, bytesArbitrary()), spaceText, async (manifest, space) => {
      const dir = path.dirname(fileOf(manifest, "manifest.json"));
      writeFileSync(path.join(dir, "space.jsonl"), space);
      await onlyLissnasErrors("openShrinkOutput", () => openShrinkOutput(dir));
      await onlyLissnasErrors("readShrunkSpace", () => readShrunkSpace(dir));
      await onlyLissnasErrors("ShrunkSpaceSampler", () => ShrunkSpaceSampler.fromDirectory(dir, 1n).sample(20));
      await onlyLissnasErrors("readReportInput", () => readReportInput(dir));
    }), { numRuns: 200 });
  });
});

describe("ONNX model loader", () => {
  const nb201 = getSpace("nb201");
  const kernels = new SpaceKernels(nb201);
  const genomes = kernels.sample(64, 9n);
  const model = fitModel(nb201, { genomes, targets: Float64Array.from({ length: 64 }, (_, i) => (i * 37) % 11), lines: [], digest: "-" }, "acc",
    { params: { rounds: 5, earlyStoppingRounds: 0, validationFraction: 0 } }).onnx;

  test("a truncated or corrupted model file is loaded or refused with a LissnasError, by the loader and by every engine", async () => {
    const damaged = fc.oneof(
      fc.nat({ max: model.length }).map((n) => model.slice(0, n)),
      fc.tuple(fc.nat({ max: model.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => {
        const copy = model.slice();
        copy.set(bytes.subarray(0, Math.min(bytes.length, copy.length - at)), at);
        return copy;
      }),
      fc.uint8Array({ maxLength: 300 }),
    );
    await fc.assert(fc.asyncProperty(damaged, fc.constantFrom("auto", "wasm", "onnxruntime") as fc.Arbitrary<"auto" | "wasm" | "onnxruntime">, async (bytes, engine) => {
      const file = fileOf(bytes, "model.onnx");
      await onlyLissnasErrors("loadModelFile", () => loadModelFile(file, nb201));
      await onlyLissnasErrors(`openPredictor ${engine}`, async () => {
        const predictor = await openPredictor(file, nb201, { engine });
        try {
          await predictor.predict(genomes.subarray(0, 12));
        } finally {
          await predictor.close?.();
        }
      });
    }), { numRuns: 150 });
  });
});

describe("the command line on hostile files", () => {
  function assertCleanExit(args: string[], input?: string): void {
    const result = runCli(args, input);
    assert.ok(result.status === 0 || result.status === 2, `${args.join(" ")}: status ${result.status}\n${result.stderr}`);
    assert.doesNotMatch(result.stderr, /\n\s+at |internal error/, `${args.join(" ")}: ${result.stderr}`);
  }

  test("hash, predict, sample --from and evaluate exit 0 or 2 on arbitrary files, never with a stack", () => {
    const examples = examplesOf("nb201");
    fc.assert(fc.property(fc.oneof(textArbitrary(examples), bytesArbitrary()), (content) => {
      const file = fileOf(content);
      assertCleanExit(["hash", "nb201", file]);
      assertCleanExit(["predict", "nb201", file, "--predictor", `table:${file}:acc`, "--duplicates", "first"]);
      const dir = path.dirname(fileOf(JSON.stringify({ space: "nb201", trace: [] }), "manifest.json"));
      writeFileSync(path.join(dir, "space.jsonl"), content);
      assertCleanExit(["sample", "--from", dir, "-n", "5"]);
    }), { numRuns: 12 });
  });
});
