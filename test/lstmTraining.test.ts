import assert from "node:assert/strict";
import {test} from "node:test";
import {EarlyStopping, ReduceLrOnPlateau} from "../src/lib/learn/training.js";

test("EarlyStopping.update(value, epoch) stops after `patience` epochs without improvement and remembers the best epoch", () => {
  const stopping = new EarlyStopping(2);
  assert.deepEqual(
    [1.0, 0.8, 0.9, 0.7, 0.75, 0.7].map((v, i) => stopping.update(v, i + 1)),
    ["improved", "improved", "waiting", "improved", "waiting", "stop"]
  );
  assert.equal(stopping.best, 0.7);
  assert.equal(stopping.bestEpoch, 4);
});

test("EarlyStopping.update(value, epoch) never counts NaN as an improvement and honours minDelta", () => {
  const stopping = new EarlyStopping(3, 0.1);
  assert.equal(stopping.update(NaN, 1), "waiting");
  assert.equal(stopping.update(1, 2), "improved");
  assert.equal(stopping.update(0.95, 3), "waiting");
  assert.equal(stopping.bestEpoch, 2);
});

test("ReduceLrOnPlateau.update(value, lr) multiplies the rate by factor after `patience` flat epochs, not below the minimum", () => {
  const plateau = new ReduceLrOnPlateau({patience: 2, factor: 0.5, minLearningRate: 0.2});
  let lr = 1;
  const rates = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0].map((v) => (lr = plateau.update(v, lr)));
  assert.deepEqual(rates, [1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2]);
});

test("ReduceLrOnPlateau.update(value, lr) resets its wait on an improvement", () => {
  const plateau = new ReduceLrOnPlateau({patience: 2, factor: 0.1, minLearningRate: 0});
  assert.deepEqual(
    [3, 3, 2, 2, 2].map((v) => plateau.update(v, 1)),
    [1, 1, 1, 1, 0.1]
  );
  assert.throws(() => new ReduceLrOnPlateau({patience: 1, factor: 1, minLearningRate: 0}), /factor/);
});
