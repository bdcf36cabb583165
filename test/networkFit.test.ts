import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {balancedClassWeights, cosineLearningRate} from "../src/lib/learn/training.js";
import {crossEntropy, fitNetwork} from "../src/lib/learn/networkFit.js";
import {resolveTrainingOptions, ZOO_TRAINING} from "../src/lib/learn/trainingOptions.js";
import {useTrainingKernels} from "../src/lib/learn/wasmKernels.js";
import {windowAttributes} from "../src/lib/learn/windowAttributes.js";
import {buildSessions} from "../src/lib/learn/sequences.js";
import {actionWindows} from "../src/lib/learn/windows.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

const close = (a: number[], b: number[], eps = 1e-5) =>
  assert.ok(a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < eps), `${a} != ${b}`);

test("cosineLearningRate(step, schedule) warms up linearly, peaks at base, then decays to min at the last step", () => {
  const schedule = {base: 0.01, warmupSteps: 10, totalSteps: 110, min: 0.001};
  close([cosineLearningRate(0, schedule), cosineLearningRate(9, schedule)], [0.001, 0.01]);
  close([cosineLearningRate(10, schedule)], [0.01]);
  close([cosineLearningRate(60, schedule)], [0.0055], 1e-4);
  close([cosineLearningRate(109, schedule), cosineLearningRate(500, schedule)], [0.001, 0.001]);
});

test("balancedClassWeights(targets, size) gives n / (present * count) and 0 to absent classes", () => {
  close(Array.from(balancedClassWeights([2, 2, 2, 3], 4)), [0, 0, 2 / 3, 2]);
});

test("crossEntropy(p, targets, weights) is the mean of -log p[target], each term times its class weight", () => {
  const p = tf.tensor2d([
    [0.5, 0.25, 0.25],
    [0.1, 0.8, 0.1]
  ]);
  const y = tf.tensor1d([0, 1], "int32");
  close([crossEntropy(p, y).dataSync()[0]], [(-Math.log(0.5) - Math.log(0.8)) / 2]);
  close([crossEntropy(p, y, tf.tensor1d([2, 0, 0])).dataSync()[0]], [(-2 * Math.log(0.5)) / 2]);
});

test("useTrainingKernels() keeps wasm matMul results with transposed operands and adds the embedding gradient", () => {
  assert.equal(useTrainingKernels(), true);
  const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const b = tf.tensor2d([1, 0, 2, 1, 1, 3], [3, 2]);
  // a^T b and a b^T, against the products written out by hand.
  assert.deepEqual(tf.matMul(a, b, true, false).arraySync(), [
    [1 + 6 + 5, 0 + 3 + 15],
    [2 + 8 + 6, 0 + 4 + 18]
  ]);
  assert.deepEqual(tf.matMul(a, b, false, true).arraySync(), [
    [1, 4, 7],
    [3, 10, 15],
    [5, 16, 23]
  ]);
  // Gradient of gather = segment sum of dy by index; index 1 is used twice.
  const table = tf.variable(tf.zeros([3, 2]));
  const grads = tf.variableGrads(
    () =>
      tf.sum(
        tf.mul(
          tf.gather(table, tf.tensor1d([1, 2, 1], "int32")),
          tf.tensor2d([
            [1, 2],
            [3, 4],
            [5, 6]
          ])
        )
      ),
    [table]
  );
  assert.deepEqual(grads.grads[table.name].arraySync(), [
    [0, 0],
    [6, 8],
    [3, 4]
  ]);
});

test("fitNetwork(model, target, windows) with balanced class weights, clipping and macro-F1 monitoring trains and restores the best epoch", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 3,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({seed: 1})
      })
    ]
  });
  const options = resolveTrainingOptions(
    {
      epochs: 4,
      batchSize: 4,
      classWeights: "balanced",
      clipNorm: 0.5,
      monitor: "macroF1",
      learningRate: 0.1,
      patience: 10
    },
    ZOO_TRAINING
  );
  const contexts = Array.from({length: 30}, (_, i) => [i % 3, (i * 7) % 3]);
  const targets = contexts.map(([a]) => a);
  const encode = (c: readonly (readonly number[])[], rows: Int32Array) =>
    tf.tensor2d(Array.from(rows, (r) => [...c[r]]).flat(), [rows.length, 2]);
  const result = await fitNetwork(model, {size: 3, options, encode}, {contexts, targets});
  assert.equal(result.history.length, 4);
  const best = result.history.reduce((b, h) => (h.valMacroF1! > b.valMacroF1! ? h : b));
  assert.equal(result.bestEpoch, best.epoch);
  assert.ok(result.history.every((h) => h.learningRate! <= 0.1));
  model.dispose();
});

test("windowAttributes(sessions, windows, window) gives each context step's user and namespace, null before the start", () => {
  const records = [
    {action: "a", time: null, user: "u1", namespace: "n1"},
    {action: "b", time: null, user: "u2", namespace: null},
    {action: "c", time: null, user: "u1", namespace: "n2"}
  ];
  const [session] = buildSessions(records, "global");
  const windows = actionWindows(session.actions, 2, session.key);
  assert.deepEqual(windowAttributes([session], windows, 2)[2], [
    {user: "u1", namespace: "n1"},
    {user: "u2", namespace: null}
  ]);
  assert.deepEqual(windowAttributes([session], windows, 2)[0], [null, null]);
});
