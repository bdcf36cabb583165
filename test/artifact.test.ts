import assert from "node:assert/strict";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {
  createModel,
  fitSplit,
  loadArtifact,
  prepareExperiment,
  readArtifact,
  recordsFromActions,
  schemaHash,
  serializeArtifact
} from "../src/lib/learn/index.js";
import {sha256} from "../src/lib/learn/sha256.js";
import {loadModelDir, writeArtifactDir} from "../src/node/artifact.js";
import type {ModelKind} from "../src/lib/learn/predictor.js";

const actions = Array.from(
  {length: 400},
  (_, i) => ["create_pods", "update_secrets", "delete_pods", "patch_nodes", "create_secrets"][(i * i + i) % 5]
);

async function artifactOf(kind: ModelKind, data = actions) {
  const experiment = prepareExperiment(recordsFromActions(data), {session: "global", split: "chrono", window: 2});
  const model = await createModel({kind, window: 2, vocabulary: experiment.vocabulary});
  const fit = await fitSplit(model, experiment);
  const files = await serializeArtifact({
    model,
    vocabulary: experiment.vocabulary,
    config: {
      kind,
      window: 2,
      session: "global",
      hyperparameters: {},
      seed: 42,
      data: {source: ["memory"]},
      vocabularySize: experiment.vocabulary.actions.length
    },
    split: {
      source: ["memory"],
      kind: "chrono",
      session: "global",
      window: 2,
      testFraction: 0.2,
      seed: 42,
      counts: {actions: data.length, trainWindows: 320, testWindows: 80, trainSequences: 1, testSessions: 0}
    },
    history: fit.history
  });
  return {experiment, model, files};
}

test("sha256 matches the FIPS 180-4 test vectors", () => {
  assert.equal(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(sha256("a".repeat(1000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
});

test("serializeArtifact + loadArtifact round-trip n-gram and Bayes models with identical predictions", async () => {
  for (const kind of ["ngram", "bayes"] as const) {
    const {model, files} = await artifactOf(kind);
    const {artifact, model: loaded} = await loadArtifact(files);
    assert.equal(artifact.config.kind, kind);
    assert.deepEqual(
      loaded.predict([
        [0, 2],
        [3, 4]
      ]),
      model.predict([
        [0, 2],
        [3, 4]
      ])
    );
  }
});

test("readArtifact refuses a model whose vocabulary differs from the expected one", async () => {
  const {files, experiment} = await artifactOf("ngram");
  const other = [...experiment.vocabulary.actions.slice(0, -1), "create_namespaces"];
  assert.throws(
    () => readArtifact(files, {vocabulary: other}),
    /vocabulary\.json: the model's vocabulary .* differs from the expected one/
  );
  assert.throws(
    () => readArtifact(files, {schemaHash: schemaHash(other, 2, "global")}),
    /schema\.json: schema hash .* differs from the expected/
  );
  const swapped = {...files, "vocabulary.json": JSON.stringify({actions: other})};
  assert.throws(
    () => readArtifact(swapped),
    /vocabulary\.json: \d+ bytes but the manifest says|vocabulary\.json: content differs/
  );
});

test("loadModelDir refuses truncated or corrupt files with a message naming the file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "perfspec-artifact-"));
  try {
    const {files} = await artifactOf("ngram");
    await writeArtifactDir(dir, files);
    await loadModelDir(dir); // intact: loads
    const weights = await readFile(join(dir, "ngram.json"), "utf8");
    await writeFile(join(dir, "ngram.json"), weights.slice(0, weights.length >> 1));
    await assert.rejects(loadModelDir(dir), /ngram\.json: \d+ bytes but the manifest says \d+ \(truncated/);
    await writeFile(join(dir, "ngram.json"), weights);
    await writeFile(join(dir, "manifest.json"), '{"files": ');
    await assert.rejects(loadModelDir(dir), /manifest\.json: not valid JSON/);
    await assert.rejects(loadModelDir(join(dir, "missing")), /no such model folder/);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
});
