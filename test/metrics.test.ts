import assert from "node:assert/strict";
import {test} from "node:test";
import {
  accuracy,
  bootstrapIntervals,
  confusionMatrix,
  pairedBootstrap,
  precisionRecallF1,
  rankOf,
  topK,
  topKAccuracy
} from "../src/lib/metrics/index.js";

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test("accuracy(truth, predicted) is the share of equal positions", () => {
  close(accuracy(["a", "b", "c"], ["a", "x", "c"]), 2 / 3);
  assert.equal(accuracy([], []), 0);
  assert.throws(() => accuracy(["a"], []), /1 true labels but 0 predictions/);
});

test("topKAccuracy counts a hit when the truth ranks within k, ignores listed classes and misses on -1", () => {
  const rows = [
    [0.1, 0.6, 0.3],
    [0.5, 0.2, 0.3],
    [0.2, 0.2, 0.6]
  ];
  close(topKAccuracy(rows, [2, 1, 0], 1), 0);
  close(topKAccuracy(rows, [2, 1, 0], 2), 2 / 3); // row 3: class 0 ties class 1, lower index wins
  close(topKAccuracy(rows, [1, 2, -1], 1, [0]), 2 / 3); // class 0 ignored: row 2's best is class 2; -1 misses
  assert.deepEqual(topK([0.1, 0.6, 0.3], 2), [1, 2]);
});

test("rankOf(row, c) counts more probable classes and equal ones of a lower index, never ignored ones", () => {
  const row = [0.2, 0.5, 0.2, 0.1, 0.5];
  assert.deepEqual(
    row.map((_, c) => rankOf(row, c)),
    [2, 0, 3, 4, 1]
  );
  assert.deepEqual(
    [2, 3, 4].map((c) => rankOf(row, c, [0, 1])),
    [1, 2, 0]
  );
});

test("confusionMatrix uses the sorted union of true and predicted labels", () => {
  assert.deepEqual(confusionMatrix(["a", "b"], ["a", "c"]), {
    labels: ["a", "b", "c"],
    matrix: [
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0]
    ]
  });
});

test("precisionRecallF1 matches hand-computed macro, weighted and per-class scores", () => {
  // truth a a a b b c ; predicted a a b b c c
  const scores = precisionRecallF1(confusionMatrix(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "c", "c"]));
  const [a, b, c] = scores.perClass;
  close(a.precision, 1);
  close(a.recall, 2 / 3);
  close(a.f1, 0.8);
  close(b.precision, 0.5);
  close(b.recall, 0.5);
  close(b.f1, 0.5);
  close(c.precision, 0.5);
  close(c.recall, 1);
  close(c.f1, 2 / 3);
  close(scores.macro.f1, (0.8 + 0.5 + 2 / 3) / 3);
  close(scores.weighted.f1, (3 * 0.8 + 2 * 0.5 + 1 * (2 / 3)) / 6);
});

test("precisionRecallF1 gives 0 to a label that is predicted but never true", () => {
  const {perClass, macro} = precisionRecallF1(confusionMatrix(["a", "a"], ["a", "z"]));
  assert.deepEqual(
    perClass.map((c) => [c.label, c.precision, c.recall, c.support]),
    [
      ["a", 1, 0.5, 2],
      ["z", 0, 0, 0]
    ]
  );
  close(macro.f1, (2 / 3 + 0) / 2);
});

test("bootstrapIntervals is seeded and brackets the observed accuracy", () => {
  const truth = Array.from({length: 200}, (_, i) => String(i % 7));
  const predicted = truth.map((t, i) => (i % 3 === 0 ? "x" : t));
  const a = bootstrapIntervals(truth, predicted, {seed: 3, resamples: 300});
  assert.deepEqual(a, bootstrapIntervals(truth, predicted, {seed: 3, resamples: 300}));
  const observed = accuracy(truth, predicted);
  assert.ok(a.accuracy[0] < observed && observed < a.accuracy[1], `${a.accuracy} around ${observed}`);
  assert.ok(a.macroF1[0] < a.macroF1[1]);
});

test("pairedBootstrap finds a clear difference significant and identical models not", () => {
  const truth = Array.from({length: 300}, (_, i) => String(i % 5));
  const good = truth.map((t, i) => (i % 10 === 0 ? "x" : t));
  const bad = truth.map((t, i) => (i % 2 === 0 ? "x" : t));
  const r = pairedBootstrap(truth, good, bad, {seed: 1, resamples: 500});
  close(r.difference, 0.9 - 0.5);
  assert.ok(r.pValue < 0.01 && r.ci[0] > 0, JSON.stringify(r));
  const same = pairedBootstrap(truth, good, good, {seed: 1, resamples: 200});
  assert.equal(same.difference, 0);
  assert.equal(same.pValue, 1);
});
