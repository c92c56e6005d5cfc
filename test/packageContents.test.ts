// What `npm pack` ships: the built library, the CLI, the WASM core and the licence; nothing of the
// tests, the benchmarks, the WASM text form or source maps whose sources are not shipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

interface PackedFile { path: string; size: number }

function packedFiles(): PackedFile[] {
  // --ignore-scripts: `prepare` would rebuild what `npm test` has just built.
  const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const [pack] = JSON.parse(result.stdout) as Array<{ files: PackedFile[] }>;
  return pack.files;
}

test("the packed tarball holds the library, the CLI, the WASM core and the licence, and no tests, benchmarks, .wat or source maps", () => {
  const paths = packedFiles().map((file) => file.path);
  for (const required of ["LICENSE", "README.md", "package.json", "bin/lissnas.js", "build/lissnas.wasm", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/cli/main.js"]) {
    assert.ok(paths.includes(required), `${required} is missing from the tarball`);
  }
  const unwanted = paths.filter((file) => file.startsWith("dist/test/") || file.startsWith("dist/bench/") || file.endsWith(".wat") ||
    file.endsWith(".map") || file.startsWith("src/") || file.startsWith("assembly/") || file.startsWith("test/"));
  assert.deepEqual(unwanted, []);
  assert.ok(paths.every((file) => file === "LICENSE" || file === "README.md" || file === "package.json" ||
    file.startsWith("bin/") || file.startsWith("build/") || file.startsWith("dist/src/") || file.startsWith("schemas/")), paths.join(", "));
});

test("the licence shipped is the Apache License 2.0 that package.json names", async () => {
  const { readFileSync } = await import("node:fs");
  const license = readFileSync(new URL("../../LICENSE", import.meta.url), "utf8");
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { license: string };
  assert.equal(manifest.license, "Apache-2.0");
  assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
});

test("package.json keeps the build tools and onnxruntime-node out of a consumer's install", async () => {
  const { readFileSync } = await import("node:fs");
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    dependencies: Record<string, string>; devDependencies: Record<string, string>;
    peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  assert.equal(manifest.dependencies.assemblyscript, undefined);
  assert.equal(manifest.dependencies["onnxruntime-node"], undefined);
  assert.ok(manifest.devDependencies.assemblyscript !== undefined && manifest.devDependencies["onnxruntime-node"] !== undefined,
    "the repository's own install keeps the compiler and onnxruntime-node for the build and the tests");
  assert.ok(manifest.peerDependencies?.["onnxruntime-node"] !== undefined);
  assert.equal(manifest.peerDependenciesMeta?.["onnxruntime-node"]?.optional, true);
});
