import assert from "node:assert/strict";
import {test} from "node:test";
import {prepareExperiment} from "../src/lib/learn/experiment.js";
import {searchModels, validationExperiment} from "../src/lib/learn/modelSearch.js";
import type {ActionRecord} from "../src/lib/ingest/types.js";

const record = (action: string, user: string): ActionRecord => ({action, time: null, user, namespace: null});
// Two users; each one's last action ("late_*") appears only in the test part.
const records = [
  ...[..."abcabcabca", "late_u"].map((a) => record(a, "u")),
  ...[..."xyxyxyxyxy", "late_v"].map((a) => record(a, "v")),
  ...[..."abab"].map((a) => record(a, "w")),
  ...[..."xyxy"].map((a) => record(a, "z"))
];

test("validationExperiment(outer, f) cuts only the outer training part, and its vocabulary never sees the test part", () => {
  for (const split of ["chrono", "random", "group"] as const) {
    const outer = prepareExperiment(records, {session: "user", split, window: 2, seed: 3});
    const inner = validationExperiment(outer, 0.25);
    const innerAll = [...inner.split.trainWindows, ...inner.split.testWindows];
    assert.ok(inner.split.testWindows.length > 0, split);
    if (split === "chrono") {
      assert.equal(innerAll.length, outer.split.trainWindows.length);
      assert.ok(!inner.vocabulary.index.has("late_u") && !inner.vocabulary.index.has("late_v"));
    }
    if (split === "group") assert.ok(inner.split.testSessions.length > 0);
    assert.equal(innerAll.length, outer.split.trainWindows.length, split);
  }
});

test("searchModels(records, options) scores every candidate and picks the best validation accuracy", async () => {
  const {best, candidates} = await searchModels(records, {
    session: "user",
    split: "chrono",
    space: [{kind: "ngram", windows: [1, 2], grid: [{beta: 1}]}]
  });
  assert.deepEqual(
    candidates.map((c) => [c.params.window, c.validation.n]),
    [
      [1, 6],
      [2, 6]
    ]
  );
  assert.equal(best.validation.accuracy, Math.max(...candidates.map((c) => c.validation.accuracy)));
});
