import assert from "node:assert/strict";
import {test} from "node:test";
import {majorityBaseline} from "../src/lib/learn/majorityBaseline.js";

const windows = (targets: string) => targets.split(" ").map((target) => ({target}));

test("majorityBaseline(train, test) predicts the training part's most frequent next action", () => {
  const baseline = majorityBaseline(windows("a a a b b c"), ["a", "b", "a", "d"], {resamples: 200});
  assert.deepEqual(baseline.top, ["a", "b", "c"]);
  assert.equal(baseline.n, 4);
  assert.equal(baseline.accuracy, 0.5);
  assert.equal(baseline.top5, 0.75);
  assert.ok(baseline.ci.accuracy[0] <= 0.5 && baseline.ci.accuracy[1] >= 0.5);
});

test("majorityBaseline(train, test) breaks ties by name, so it does not depend on the order of training", () => {
  assert.deepEqual(majorityBaseline(windows("b a"), ["a"]).top, ["a", "b"]);
  assert.deepEqual(majorityBaseline(windows("a b"), ["a"]).top, ["a", "b"]);
});
