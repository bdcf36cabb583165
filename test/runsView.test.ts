import assert from "node:assert/strict";
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {curvePoints, pairRuns, runRows, type RunsData} from "../src/lib/learn/runsView.js";
import {runRecord, type RunRecord} from "../src/lib/learn/runRecord.js";
import {writeRun} from "../src/node/runRegistry.js";
import {runsJson} from "../data-loaders/runs.js";
import {RunCurves} from "../src/components/runCurves.js";
import {RunIntervals} from "../src/components/runIntervals.js";
import {chartDocument, matchSnapshot} from "./chartSnapshot.js";
import type {ActionWindow} from "../src/lib/learn/windows.js";

const windows: ActionWindow[] = ["a", "b", "a", "c"].map((target, index) => ({
  session: "s",
  index,
  context: [],
  target
}));

function fakeRun(kind: "ngram" | "lstm", accuracy: number, minute: number, test = windows): RunRecord {
  return runRecord({
    params: {
      kind,
      hyperparameters: {},
      window: 2,
      session: "user-namespace",
      split: "chrono",
      testFraction: 0.2,
      seed: 42,
      source: ["data/audit-logs.csv.xz"]
    } as RunRecord["params"],
    evaluation: {n: 4, accuracy, top5: 1, macroF1: 0.5, weightedF1: 0.5, ci: {accuracy: [0, 1], macroF1: [0, 1]}},
    fitSeconds: 0.1,
    history:
      kind === "lstm"
        ? [
            {epoch: 1, loss: 1, accuracy: 0.4, valAccuracy: 0.3, seconds: 1},
            {epoch: 2, loss: 0.8, accuracy: 0.6, valAccuracy: 0.5, seconds: 1}
          ]
        : [{epoch: 1, loss: NaN, accuracy: 0.7, seconds: 0}],
    testWindows: test,
    dataFingerprint: "f".repeat(64),
    policy: null,
    commit: null,
    artifactHash: "0".repeat(64),
    artifactDir: null,
    createdAt: new Date(Date.UTC(2026, 10, 30, 12, minute))
  });
}

const ngram = fakeRun("ngram", 0.75, 0);
const lstm = fakeRun("lstm", 0.5, 1);
const other = fakeRun("ngram", 0.5, 2, windows.slice(1));
const data: RunsData = {
  runs: [ngram, lstm, other],
  predictions: {
    [ngram.id]: {truth: ["a", "b", "a", "c"], predictions: ["a", "b", "a", "a"]},
    [lstm.id]: {truth: ["a", "b", "a", "c"], predictions: ["a", "a", "a", "a"]},
    [other.id]: {truth: ["b", "a", "c"], predictions: ["b", "b", "b"]}
  },
  promoted: lstm.id
};

test("runRows(data) gives one row per run, newest first, marking the promoted one", () => {
  const rows = runRows(data);
  assert.deepEqual(
    rows.map((r) => [r.run, r.model, r.sessions, r["top-1"], r.promoted]),
    [
      [other.id, "ngram w=2", "user-namespace, chrono 80/20", 0.5, false],
      [lstm.id, "lstm w=2", "user-namespace, chrono 80/20", 0.5, true],
      [ngram.id, "ngram w=2", "user-namespace, chrono 80/20", 0.75, false]
    ]
  );
  assert.equal(rows[0].data, "audit-logs.csv.xz (ffffffff)");
  assert.equal(rows[0].label, `ngram w=2 · ${other.id.slice(-6)}`);
});

test("curvePoints(runs) lists training and validation accuracy per epoch", () => {
  assert.deepEqual(
    curvePoints([lstm]).map((p) => [p.epoch, p.measure, p.value]),
    [
      [1, "training accuracy", 0.4],
      [1, "validation accuracy", 0.3],
      [2, "training accuracy", 0.6],
      [2, "validation accuracy", 0.5]
    ]
  );
});

test("pairRuns(data, a, b) tests runs on the same test windows and says why others cannot be paired", () => {
  const paired = pairRuns(data, ngram.id, lstm.id);
  assert.ok("comparison" in paired);
  assert.equal(paired.comparison.test.difference, 0.25);
  const refused = pairRuns(data, ngram.id, other.id);
  assert.ok("reason" in refused && /different test windows/.test(refused.reason));
  assert.deepEqual(pairRuns(data, ngram.id, ngram.id), {reason: "choose two different runs"});
});

test("runsJson(dir, models) reads every run with its predictions and the promoted run's id", async () => {
  const dir = mkdtempSync(join(tmpdir(), "perfspec-runsjson-"));
  after(() => rmSync(dir, {recursive: true, force: true}));
  for (const r of [ngram, lstm]) await writeRun(join(dir, "runs"), r, data.predictions[r.id]);
  mkdirSync(join(dir, "models", "promoted"), {recursive: true});
  const empty = await runsJson(join(dir, "runs"), join(dir, "models"));
  assert.deepEqual([empty.runs.map((r) => r.id), empty.promoted], [[ngram.id, lstm.id], null]);
  writeFileSync(join(dir, "models", "promoted", "promoted-run.json"), JSON.stringify(lstm));
  const loaded = await runsJson(join(dir, "runs"), join(dir, "models"));
  assert.equal(loaded.promoted, lstm.id);
  assert.deepEqual(loaded.predictions[ngram.id], data.predictions[ngram.id]);
});

test("RunCurves and RunIntervals draw the runs on fixed axes", () => {
  for (const [name, chart] of [
    ["runCurves", RunCurves(curvePoints(data.runs), {width: 560, epochs: 2, document: chartDocument()})],
    ["runIntervals", RunIntervals(runRows(data), {width: 560, document: chartDocument()})]
  ] as const) {
    const mismatch = matchSnapshot(name, chart as Element);
    assert.equal(mismatch?.actual, mismatch?.expected, `${name} differs from test/snapshots/`);
  }
});
