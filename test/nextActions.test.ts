import assert from "node:assert/strict";
import {test} from "node:test";
import {nextActions, traceSequence} from "../src/lib/learn/nextActions.js";
import type {Predictor} from "../src/lib/learn/predictor.js";
import {PAD, UNK, vocabularyFromActions} from "../src/lib/learn/vocabulary.js";

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

const vocabulary = vocabularyFromActions([PAD, UNK, "a", "b", "c", "d"]);
// PAD and UNK are the most probable on purpose: they must never be ranked or predicted.
const model = constantModel([0.3, 0.3, 0.1, 0.15, 0.1, 0.05]);

test("traceSequence(...).rank is 1 + the actions ranked before it, ties to the lower id, PAD and UNK skipped", () => {
  const steps = traceSequence(model, vocabulary, ["b", "a", "c", "d", "zzz"], {k: 2});
  assert.deepEqual(
    steps.map((s) => [s.action, s.rank, s.hit]),
    [
      ["b", 1, true],
      ["a", 2, true],
      ["c", 3, false],
      ["d", 4, false],
      ["zzz", Infinity, false]
    ]
  );
});

test("nextActions(model, vocabulary, actions, k) lists the top k in rank order, ties to the lower id", () => {
  assert.deepEqual(
    nextActions(model, vocabulary, ["a"], 3).map((r) => r.action),
    ["b", "a", "c"]
  );
});
