import assert from "node:assert/strict";
import {test} from "node:test";
import {
  evaluateRun,
  loadArtifact,
  OtherVocabularyError,
  serializeArtifact,
  trainRun,
  type TrainSpec
} from "../src/lib/learn/index.js";
import {loadActionRecords} from "../src/node/loadActions.js";

// 300 real audit rows (CC BY 4.0, see test/fixtures/ingest/README.md): 20 actions, 4 distinct.
const FIXTURE = "test/fixtures/ingest/audit-logs-head300.csv";
const records = await loadActionRecords([FIXTURE]);
const spec: TrainSpec = {model: {kind: "ngram"}, session: "global", split: "chrono", window: 2, source: [FIXTURE]};

/** An n-gram trained on the fixture, written to artifact files and loaded back as `perfspec evaluate` loads it. */
async function trainedArtifact(overrides: Partial<TrainSpec> = {}) {
  const run = await trainRun(records, {...spec, ...overrides});
  const files = await serializeArtifact(run.artifact);
  run.model.dispose();
  return {run, ...(await loadArtifact(files))};
}

test("evaluateRun(artifact, model, records) on the training data reproduces trainRun's held-out metrics", async () => {
  const {run, artifact, model} = await trainedArtifact({testFraction: 0.3});
  const {summary, warnings, experiment} = evaluateRun(artifact, model, records, {name: "models/fixture"});
  model.dispose();
  assert.deepEqual(warnings, []);
  assert.equal(experiment.options.testFraction, 0.3);
  assert.equal(summary.n, 6);
  assert.equal(summary.accuracy, run.metrics.accuracy);
  assert.deepEqual(summary.ci, run.metrics.ci);
  assert.deepEqual(
    [summary.model, summary.kind, summary.window, summary.session, summary.split, summary.source],
    ["models/fixture", "ngram", 2, "global", "chrono", [FIXTURE]]
  );
});

test("evaluateRun refuses records whose training part has another vocabulary, and maps by name when allowed", async () => {
  const {artifact, model} = await trainedArtifact();
  const other = records.map((r, i) => (i === 0 ? {...r, action: "get_pods"} : r));
  assert.throws(
    () => evaluateRun(artifact, model, other, {name: "m", source: ["other.csv"]}),
    (error: Error) =>
      error instanceof OtherVocabularyError &&
      error.message ===
        "the training part of other.csv has another vocabulary (5 actions) than the model m (4 actions): refusing to evaluate, since ids would not mean the same actions"
  );
  const {summary, warnings} = evaluateRun(artifact, model, other, {
    name: "m",
    source: ["other.csv"],
    allowOtherVocabulary: true
  });
  model.dispose();
  assert.equal(summary.n, 4);
  assert.deepEqual(warnings, [
    "the training part of other.csv has another vocabulary (5 actions) than the model m (4 actions); actions are mapped by name, unknown ones read as <unk>"
  ]);
});

test("evaluateRun warns when split.json's source now gives other counts, and not for data given by name", async () => {
  const {artifact, model} = await trainedArtifact();
  const shorter = records.slice(0, 18); // same vocabulary, fewer actions
  assert.deepEqual(evaluateRun(artifact, model, shorter, {name: "m"}).warnings, [
    `${FIXTURE} gives 18 actions / 4 test windows, split.json recorded 20 / 4: the data changed since training`
  ]);
  assert.deepEqual(evaluateRun(artifact, model, shorter, {name: "m", source: ["shorter.csv"]}).warnings, []);
  model.dispose();
});
