import assert from "node:assert/strict";
import {resolve} from "node:path";
import {test} from "node:test";
import {affectedLoaders, loaderDependencies, loaderFiles} from "../scripts/loaderGraph.js";

const loader = (name: string) => resolve("src/data", name);

test("loaderDependencies(loaders) follows imports from the entry point into data-loaders/ and the library", async () => {
  const graph = await loaderDependencies([loader("prepared.zip.ts")]);
  const dependencies = graph.get(loader("prepared.zip.ts"))!;
  for (const file of [
    "data-loaders/prepared.ts",
    "data-loaders/dataSources.ts",
    "src/node/prepare.ts",
    "src/lib/ingest/cleaningPolicy.ts"
  ]) {
    assert.ok(dependencies.has(resolve(file)), `${file} is a dependency`);
  }
});

test("affectedLoaders(changed) re-runs the loaders that import an edited module, and none for a page component", async () => {
  const graph = await loaderDependencies(loaderFiles());
  const inputs = [resolve("data")];
  assert.ok(
    affectedLoaders(resolve("src/lib/ingest/cleaningPolicy.ts"), graph, inputs).includes(loader("prepared.zip.ts"))
  );
  assert.deepEqual(affectedLoaders(resolve("src/components/countBars.ts"), graph, inputs), []);
});

test("affectedLoaders(changed) re-runs every data-reading loader when an input file changes, and nothing for other files", async () => {
  const graph = await loaderDependencies(loaderFiles());
  const inputs = [resolve("/tmp/audit.log"), resolve("data")];
  const rerun = affectedLoaders(resolve("/tmp/audit.log"), graph, inputs);
  for (const name of ["prepared.zip.ts", "models.json.ts"]) assert.ok(rerun.includes(loader(name)), name);
  assert.ok(
    affectedLoaders(resolve("data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz"), graph, inputs).length >= 2
  );
  assert.deepEqual(affectedLoaders(resolve("/tmp/unrelated.txt"), graph, inputs), []);
});

test("loaderFiles() lists a parameterised route once, and affectedLoaders re-runs it when its helper changes", async () => {
  const loaders = loaderFiles();
  assert.ok(loaders.includes(loader("models/[name].json.ts")));
  assert.ok(loaders.includes(loader("tfjs/[file].wasm.ts")));
  const graph = await loaderDependencies(loaders);
  assert.deepEqual(affectedLoaders(resolve("data-loaders/modelBundle.ts"), graph, []), [
    loader("models/[name].json.ts")
  ]);
  assert.deepEqual(affectedLoaders(resolve("data-loaders/tfjsWasm.ts"), graph, []), [loader("tfjs/[file].wasm.ts")]);
  assert.ok(
    affectedLoaders(resolve("src/lib/learn/evaluateRun.ts"), graph, []).includes(loader("models.json.ts")),
    "models.json re-runs when evaluateRun changes"
  );
});
