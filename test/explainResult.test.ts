import assert from "node:assert/strict";
import {test} from "node:test";
import {explainResult} from "../src/lib/learn/explainResult.js";

test("explainResult(result) names the held-out sessions and the ceiling set by actions never seen in training", () => {
  const notes = explainResult({
    accuracy: 0.022,
    n: 400,
    leakage: {unseenTargets: 310, contextFraction: 0.1},
    split: "group",
    session: "user"
  });
  assert.match(notes[0], /whole users/);
  assert.match(notes[1], /77\.5% of the test actions \(310 of 400\) never occur in the training part.*at most 22\.5%/);
  assert.match(notes[2], /10\.0% of the test contexts/);
});

test("explainResult(result) says nothing about unseen actions when there are none", () => {
  const notes = explainResult({
    accuracy: 0.35,
    n: 100,
    leakage: {unseenTargets: 0, contextFraction: 0.9},
    split: "chrono",
    session: "global"
  });
  assert.deepEqual(notes, ["90.0% of the test contexts (the previous actions) also occur in training."]);
});
