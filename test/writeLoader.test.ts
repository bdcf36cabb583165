import assert from "node:assert/strict";
import {test} from "node:test";
import {loaderParam} from "../data-loaders/writeLoader.js";
import {modelBundleJson} from "../data-loaders/modelBundle.js";
import {wasmBinary} from "../data-loaders/tfjsWasm.js";

test("loaderParam(name, argv) reads the --name=value Framework passes to a parameterised route", () => {
  assert.equal(loaderParam("name", ["--name=ngram-w2"]), "ngram-w2");
  assert.equal(loaderParam("file", ["--file", "tfjs-backend-wasm"]), "tfjs-backend-wasm");
  assert.throws(() => loaderParam("name", []), /^Error: missing route parameter --name$/);
});

test("the parameterised loaders refuse names outside their folder", async () => {
  await assert.rejects(modelBundleJson(".."), /^Error: "\.\." is not a model folder name$/);
  await assert.rejects(wasmBinary("../package"), /"\.\.\/package" is not a TF\.js wasm binary/);
});
