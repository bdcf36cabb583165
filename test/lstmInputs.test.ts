import assert from "node:assert/strict";
import {before, test} from "node:test";
import {checkId, lastWindow, oneHotContexts, oneHotTargets} from "../src/lib/learn/lstmInputs.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

test("oneHotContexts(contexts, rows, window, size) one-hot encodes the contexts at `rows`, in that order", () => {
  const x = oneHotContexts(
    [
      [2, 3],
      [0, 4],
      [1, 1]
    ],
    Int32Array.of(1, 0),
    2,
    5
  );
  assert.deepEqual(x.shape, [2, 2, 5]);
  assert.deepEqual(x.arraySync(), [
    [
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1]
    ],
    [
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0]
    ]
  ]);
  x.dispose();
});

test("oneHotContexts(contexts, rows, 1, size) puts a constant PAD step before the one action (two LSTM steps)", () => {
  const x = oneHotContexts([[3]], Int32Array.of(0), 1, 4);
  assert.deepEqual(x.arraySync(), [
    [
      [1, 0, 0, 0],
      [0, 0, 0, 1]
    ]
  ]);
  x.dispose();
});

test("oneHotTargets(targets, rows, size) one-hot encodes the targets at `rows`", () => {
  const y = oneHotTargets([2, 4, 3], Int32Array.of(2, 0), 5);
  assert.deepEqual(y.arraySync(), [
    [0, 0, 0, 1, 0],
    [0, 0, 1, 0, 0]
  ]);
  y.dispose();
});

test("checkId(id, size) returns ids in 0..size-1 and throws a RangeError naming the others", () => {
  assert.equal(checkId(4, 5), 4);
  assert.throws(() => checkId(5, 5), /action id 5 is outside 0\.\.4/);
  assert.throws(() => checkId(-1, 5), RangeError);
  assert.throws(() => checkId(1.5, 5), RangeError);
  assert.throws(() => oneHotTargets([7], Int32Array.of(0), 5), /outside/);
});

test("lastWindow(context, window) keeps the last `window` ids and pads shorter contexts with PAD at the start", () => {
  assert.deepEqual(lastWindow([7], 3), [0, 0, 7]);
  assert.deepEqual(lastWindow([5, 6, 7, 8], 2), [7, 8]);
  assert.deepEqual(lastWindow([5, 6], 2), [5, 6]);
});
