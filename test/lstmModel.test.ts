import assert from "node:assert/strict";
import {before, test} from "node:test";
import {buildLstmModel, inputSteps, resolveLstmOptions} from "../src/lib/learn/lstmModel.js";
import {checkId, lastWindow, oneHotContexts, oneHotTargets} from "../src/lib/learn/lstmInputs.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

test("resolveLstmOptions({window}) fills in the documented defaults and keeps given values", () => {
  assert.deepEqual(resolveLstmOptions({window: 3, units: 16, seed: undefined}), {
    window: 3,
    units: 16,
    embeddingSize: 32,
    epochs: 30,
    batchSize: 64,
    learningRate: 0.005,
    validationFraction: 0.1,
    validationSplit: "random",
    patience: 5,
    monitor: "valLoss",
    schedule: "plateau",
    warmupEpochs: 0,
    plateauPatience: 2,
    plateauFactor: 0.5,
    minLearningRate: 1e-5,
    clipNorm: 0,
    classWeights: "none",
    seed: 42
  });
});

test("resolveLstmOptions(options) refuses sizes that are not positive integers and validation fractions outside [0, 1)", () => {
  assert.throws(() => resolveLstmOptions({window: 0}), /window must be a positive integer/);
  assert.throws(() => resolveLstmOptions({window: 2, units: 2.5}), /units must be a positive integer/);
  assert.throws(() => resolveLstmOptions({window: 2, validationFraction: 1}), /validationFraction must be in \[0, 1\)/);
});

test("inputSteps(window) is the window, but at least 2", () => {
  assert.deepEqual([1, 2, 5].map(inputSteps), [2, 2, 5]);
});

test("buildLstmModel(size, options) maps [batch, steps, size] one-hot rows to [batch, size] through projection, lstm, next", () => {
  for (const window of [1, 3]) {
    const model = buildLstmModel(7, resolveLstmOptions({window, units: 5, embeddingSize: 4}));
    try {
      assert.deepEqual(model.inputs[0].shape, [null, inputSteps(window), 7]);
      assert.deepEqual(model.outputs[0].shape, [null, 7]);
      assert.deepEqual(
        model.layers.map((l) => [l.name, l.countParams()]),
        [
          ["projection", 7 * 4], // no bias: an embedding table
          ["lstm", 4 * (4 * 5 + 5 * 5 + 5)],
          ["next", 5 * 7 + 7]
        ]
      );
    } finally {
      model.dispose();
    }
  }
});

test("buildLstmModel(size, options) gives equal weights for equal seeds and other weights for another seed", () => {
  const weights = (seed: number) => {
    const model = buildLstmModel(6, resolveLstmOptions({window: 2, units: 3, embeddingSize: 2, seed}));
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(1), weights(1));
  assert.notDeepEqual(weights(1), weights(2));
});

// lstmInputs.ts: what the network reads.

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
