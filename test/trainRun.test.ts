import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {trainRun, type TrainSpec} from "../src/lib/learn/index.js";
import {loadActionRecords} from "../src/node/loadActions.js";
import {PERFSPEC_POLICY} from "../src/lib/ingest/cleaningPolicy.js";
import {run as train} from "../src/cli/train.js";

// 300 real audit rows (CC BY 4.0, see test/fixtures/ingest/README.md): 20 actions, 4 distinct.
const FIXTURE = "test/fixtures/ingest/audit-logs-head300.csv";
const records = await loadActionRecords([FIXTURE]);
const dir = mkdtempSync(join(tmpdir(), "perfspec-trainrun-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const ngram: TrainSpec = {model: {kind: "ngram"}, session: "global", split: "chrono", window: 2, source: [FIXTURE]};
/** A result without its timings, which differ from run to run. */
const untimed = (metrics: object) =>
  JSON.parse(
    JSON.stringify(metrics, (key, value) =>
      ["inferenceMicros", "singleInferenceMicros", "fitSeconds"].includes(key) ? undefined : value
    )
  );

test("trainRun(records, ngram w=2 spec) evaluates on the last 20% of the fixture: 2 of 4 test windows right", async () => {
  const run = await trainRun(records, ngram);
  run.model.dispose();
  assert.equal(records.length, 20);
  assert.deepEqual(run.artifact.split, {
    source: [FIXTURE],
    kind: "chrono",
    session: "global",
    window: 2,
    testFraction: 0.2,
    seed: 42,
    counts: {actions: 20, trainWindows: 16, testWindows: 4, trainSequences: 1, testSessions: 0},
    fitMethod: "sequences"
  });
  assert.equal(run.metrics.n, 4);
  assert.equal(run.metrics.accuracy, 0.5);
  assert.equal(run.experiment.vocabulary.actions.length, 6);
  assert.deepEqual(
    {...run.artifact.config, createdAt: undefined},
    {
      kind: "ngram",
      hyperparameters: {},
      window: 2,
      session: "global",
      seed: 42,
      data: {source: [FIXTURE]},
      vocabularySize: 6,
      createdAt: undefined
    }
  );
});

test("trainRun(records, {testFraction: 0.3}) holds out 6 of the 20 windows and records the fraction", async () => {
  const run = await trainRun(records, {...ngram, testFraction: 0.3});
  run.model.dispose();
  assert.equal(run.artifact.split.testFraction, 0.3);
  assert.deepEqual(run.artifact.split.counts, {
    actions: 20,
    trainWindows: 14,
    testWindows: 6,
    trainSequences: 1,
    testSessions: 0
  });
  assert.equal(run.metrics.n, 6);
  assert.equal(run.metrics.accuracy, 4 / 6);
});

test("trainRun gives the same metrics, config and split as `perfspec train --json` on the same data", async (t) => {
  t.mock.method(console, "log", () => {});
  t.mock.method(console, "error", () => {});
  const out = join(dir, "ngram");
  assert.equal(await train(["--model", "ngram", "--data", FIXTURE, "--out", out, "--json"]), 0);
  const read = (file: string) => JSON.parse(readFileSync(join(out, file), "utf8"));
  // `perfspec train` records the policy it prepared the raw fixture with: the perfspec default.
  const run = await trainRun(records, {...ngram, policy: PERFSPEC_POLICY});
  run.model.dispose();
  assert.deepEqual(untimed(run.metrics), untimed(read("metrics.json")));
  assert.deepEqual(run.artifact.split, read("split.json"));
  assert.deepEqual({...run.artifact.config, createdAt: 0}, {...read("config.json"), createdAt: 0});
});

test("trainRun calls onExperiment, onEpochEnd and onFit once each for a count model, in that order", async () => {
  const calls: string[] = [];
  const run = await trainRun(
    records,
    {...ngram, model: {kind: "bayes", hyperparameters: {alpha: 0.5}}},
    {
      onExperiment: (e) => calls.push(`experiment ${e.split.testWindows.length}`),
      onEpochEnd: (log) => void calls.push(`epoch ${log.epoch}`),
      onFit: (fit) => calls.push(`fit ${fit.method}`)
    }
  );
  run.model.dispose();
  assert.deepEqual(calls, ["experiment 4", "epoch 1", "fit sequences"]);
  assert.deepEqual(run.artifact.config.hyperparameters, {alpha: 0.5});
});

test("trainRun gives an LSTM the run's seed unless its hyperparameters name one, and records it in config.json", async () => {
  await (await import("../src/node/tfBackend.js")).setupTfBackend();
  const lstm = (hyperparameters: {epochs: number; units: number; seed?: number}) =>
    trainRun(records, {...ngram, seed: 7, model: {kind: "lstm", hyperparameters}});
  const seeded = await lstm({epochs: 1, units: 4});
  seeded.model.dispose();
  assert.deepEqual(seeded.artifact.config.hyperparameters, {seed: 7, epochs: 1, units: 4});
  const own = await lstm({epochs: 1, units: 4, seed: 3});
  own.model.dispose();
  assert.deepEqual(own.artifact.config.hyperparameters, {seed: 3, epochs: 1, units: 4});
  assert.equal(own.artifact.split.seed, 7);
});
