import assert from "node:assert/strict";
import {test} from "node:test";
import {bestEpoch} from "../src/lib/learn/bestEpoch.js";

test("bestEpoch(history) is the epoch of the lowest validation loss", () => {
  const history = [
    {epoch: 1, loss: 0.9, valLoss: 0.8},
    {epoch: 2, loss: 0.7, valLoss: 0.6},
    {epoch: 3, loss: 0.5, valLoss: 0.65}
  ];
  assert.equal(bestEpoch(history), 2);
});

test("bestEpoch(history) uses the training loss where an epoch has no validation loss", () => {
  assert.equal(
    bestEpoch([
      {epoch: 1, loss: 0.9},
      {epoch: 2, loss: 0.4},
      {epoch: 3, loss: 0.5}
    ]),
    2
  );
});

test("bestEpoch(history) keeps the earliest epoch on a tie", () => {
  assert.equal(
    bestEpoch([
      {epoch: 1, loss: 1, valLoss: 0.5},
      {epoch: 2, loss: 1, valLoss: 0.5}
    ]),
    1
  );
});

test("bestEpoch(history) passes over NaN losses and is undefined for an empty history", () => {
  assert.equal(
    bestEpoch([
      {epoch: 1, loss: NaN},
      {epoch: 2, loss: 0.7},
      {epoch: 3, loss: NaN}
    ]),
    2
  );
  assert.equal(bestEpoch([{epoch: 1, loss: NaN}]), 1);
  assert.equal(bestEpoch([]), undefined);
});
