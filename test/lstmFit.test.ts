import assert from "node:assert/strict";
import {test} from "node:test";
import {carveValidation} from "../src/lib/learn/lstmFit.js";

const ids = (a: Int32Array) => [...a];

test('carveValidation(n, {validationSplit: "last"}) validates on the chronologically last windows', () => {
  const {train, validation} = carveValidation(10, {validationFraction: 0.3, validationSplit: "last", seed: 42});
  assert.deepEqual(ids(train), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(ids(validation), [7, 8, 9]);
});

test('carveValidation(n, {validationSplit: "random", seed}) draws a fixed sorted subset from randomLcg(seed + 1)', () => {
  const {train, validation} = carveValidation(10, {validationFraction: 0.3, validationSplit: "random", seed: 42});
  assert.deepEqual(ids(validation), [1, 2, 9]);
  assert.deepEqual(ids(train), [6, 7, 5, 4, 3, 0, 8]);
  const again = carveValidation(10, {validationFraction: 0.3, validationSplit: "random", seed: 42});
  assert.deepEqual(ids(again.validation), ids(validation));
});

test("carveValidation(n, options) keeps one window for training, none for validation at fraction 0, and refuses n = 0", () => {
  assert.equal(carveValidation(1, {validationFraction: 0.9, validationSplit: "random", seed: 1}).train.length, 1);
  assert.deepEqual(ids(carveValidation(3, {validationFraction: 0, validationSplit: "random", seed: 1}).validation), []);
  assert.throws(
    () => carveValidation(0, {validationFraction: 0.1, validationSplit: "random", seed: 1}),
    /no training windows/
  );
});
