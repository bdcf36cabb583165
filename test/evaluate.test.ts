import assert from "node:assert/strict";
import {test} from "node:test";
import {evaluateModel} from "../src/lib/learn/evaluate.js";
import type {Predictor} from "../src/lib/learn/predictor.js";
import {PAD, UNK, vocabularyFromActions} from "../src/lib/learn/vocabulary.js";
import {actionWindows} from "../src/lib/learn/windows.js";

/** A model that gives every context the same distribution. */
function constantModel(row: number[]): Predictor {
  return {
    kind: "ngram",
    window: 1,
    size: row.length,
    fit: async () => ({history: [], seconds: 0}),
    predict: (contexts) => contexts.map(() => Float32Array.from(row)),
    save: async () => ({}),
    dispose: () => {}
  };
}

test("evaluateModel(model, …) predicts the first of tied top actions, never PAD or UNK", () => {
  const vocabulary = vocabularyFromActions([PAD, UNK, "a", "b", "c"]);
  const model = constantModel([0.3, 0.3, 0.2, 0.2, 0]);
  const result = evaluateModel(model, vocabulary, actionWindows(["a", "b", "c", "b"], 1), {resamples: 10});
  assert.deepEqual(result.predictions, ["a", "a", "a", "a"]);
  assert.equal(result.accuracy, 0.25);
  assert.equal(result.top5, 1);
});
