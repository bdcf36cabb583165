import assert from "node:assert/strict";
import {test} from "node:test";
import {constantModel} from "./constantModel.js";
import {evaluateModel} from "../src/lib/learn/evaluate.js";
import {PAD, UNK, vocabularyFromActions} from "../src/lib/learn/vocabulary.js";
import {actionWindows} from "../src/lib/learn/windows.js";

test("evaluateModel(model, …) predicts the first of tied top actions, never PAD or UNK", () => {
  const vocabulary = vocabularyFromActions([PAD, UNK, "a", "b", "c"]);
  const model = constantModel([0.3, 0.3, 0.2, 0.2, 0]);
  const result = evaluateModel(model, vocabulary, actionWindows(["a", "b", "c", "b"], 1), {resamples: 10});
  assert.deepEqual(result.predictions, ["a", "a", "a", "a"]);
  assert.equal(result.accuracy, 0.25);
  assert.equal(result.top5, 1);
});
