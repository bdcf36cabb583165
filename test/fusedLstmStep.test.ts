import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {randomLcg} from "d3";
import {
  adamUpdate,
  fusableLstmShape,
  lossAndGradients,
  lstmWeights,
  type LstmShape
} from "../src/lib/learn/fusedLstmStep.js";
import {buildLstmModel, createLstm, resolveLstmOptions} from "../src/lib/learn/lstm.js";
import {crossEntropy} from "../src/lib/learn/networkFit.js";
import {oneHotContexts} from "../src/lib/learn/lstmInputs.js";
import {useTrainingKernels} from "../src/lib/learn/wasmKernels.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
  useTrainingKernels();
});

/** A small LSTM of lstmModel.ts with weights drawn from `seed` (not the initialisers': larger, so every path counts). */
function smallModel(window: number, seed: number) {
  const size = 9;
  const model = buildLstmModel(size, resolveLstmOptions({window, units: 5, embeddingSize: 4, seed}));
  const random = randomLcg(seed);
  model.setWeights(
    model.getWeights().map((w) =>
      tf.tensor(
        Float32Array.from({length: w.size}, () => random() - 0.5),
        w.shape
      )
    )
  );
  return {model, size};
}

/** The fused step's gradients and TF.js' (tape through the layers model) on the same batch. */
function bothGradients(window: number, contexts: number[][], targets: number[], classWeights?: number[]) {
  const {model, size} = smallModel(window, 3);
  const shape = fusableLstmShape(model) as LstmShape;
  const weights = lstmWeights(shape);
  let offset = 0;
  for (const w of model.getWeights()) {
    weights.flat.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  const B = targets.length;
  const ids = new Int32Array(shape.steps * B);
  contexts.forEach((c, b) => c.forEach((id, k) => (ids[(shape.steps - window + k) * B + b] = id)));
  const fused = lossAndGradients(
    shape,
    weights,
    ids,
    Int32Array.from(targets),
    classWeights && Float32Array.from(classWeights)
  );
  const x = oneHotContexts(contexts, Int32Array.from(contexts.keys()), window, size);
  const y = tf.tensor1d(targets, "int32");
  const cw = classWeights && tf.tensor1d(classWeights);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const {value, grads} = tf.variableGrads(() => crossEntropy(model.apply(x) as tf.Tensor, y, cw), variables);
  const tape = variables.map((v) => grads[v.name].dataSync() as Float32Array);
  const loss = value.dataSync()[0];
  tf.dispose([x, y, value, ...Object.values(grads), ...(cw ? [cw] : [])]);
  model.dispose();
  return {fused, tape, loss};
}

function assertClose(actual: Float32Array, expected: Float32Array, tolerance: number, name: string) {
  assert.equal(actual.length, expected.length, name);
  for (let i = 0; i < actual.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${name}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

const NAMES = ["projection", "kernel", "recurrent", "bias", "output", "outputBias"] as const;

test("lossAndGradients(shape, weights, ids, targets) equals tf.grad of the layers model's cross-entropy (window 3)", () => {
  const contexts = [
    [1, 2, 3],
    [0, 0, 4],
    [5, 5, 5],
    [8, 1, 0],
    [2, 7, 6],
    [3, 3, 1]
  ];
  const {fused, tape, loss} = bothGradients(3, contexts, [4, 1, 0, 8, 2, 3]);
  assert.ok(Math.abs(fused.loss - loss) < 1e-6, `loss ${fused.loss} vs ${loss}`);
  NAMES.forEach((name, i) => assertClose(fused.gradients[name], tape[i], 2e-6, name));
  assert.ok(
    tape.every((g) => g.some((v) => Math.abs(v) > 1e-3)),
    "every weight has a gradient"
  );
});

test("lossAndGradients(...) with class weights and a window of 1 (a PAD step first) equals tf.grad too", () => {
  const classWeights = [0, 0.5, 2, 1, 1, 3, 1, 1, 0.25];
  const {fused, tape, loss} = bothGradients(1, [[1], [2], [5], [8], [0]], [2, 5, 1, 8, 3], classWeights);
  assert.ok(Math.abs(fused.loss - loss) < 1e-6, `loss ${fused.loss} vs ${loss}`);
  NAMES.forEach((name, i) => assertClose(fused.gradients[name], tape[i], 2e-6, name));
});

test("adamUpdate(weights, gradients, m, v, step, lr) takes tf.train.adam's steps", () => {
  const start = [0.5, -1, 2];
  const gradients = [
    [0.1, -0.2, 3],
    [-0.05, 0.4, 1]
  ];
  const variable = tf.variable(tf.tensor1d(start));
  const optimizer = tf.train.adam(0.01);
  const weights = Float32Array.from(start);
  const [m, v] = [new Float32Array(3), new Float32Array(3)];
  gradients.forEach((g, i) => {
    optimizer.applyGradients([{name: variable.name, tensor: tf.tensor1d(g)}]);
    adamUpdate(weights, Float32Array.from(g), m, v, i + 1, 0.01);
  });
  assertClose(weights, variable.dataSync() as Float32Array, 1e-6, "weights");
  optimizer.dispose();
  variable.dispose();
});

test("createLstm(...).fitWindows trains with the fused step like the tape did: the same loss curve, seeded", async () => {
  const random = randomLcg(7);
  const sequence = Array.from({length: 160}, (_, i) => (i % 5 === 4 ? 2 + Math.floor(random() * 5) : 2 + (i % 5)));
  const windows = {contexts: sequence.slice(2).map((_, i) => sequence.slice(i, i + 2)), targets: sequence.slice(2)};
  const options = {
    window: 2,
    units: 8,
    embeddingSize: 4,
    epochs: 4,
    batchSize: 16,
    learningRate: 0.03,
    validationFraction: 0.2,
    seed: 5
  };
  const fit = async () => {
    const model = createLstm(8, options);
    const result = await model.fitWindows(windows);
    const probabilities = model.predict([[2, 3]])[0];
    model.dispose();
    return {losses: result.history.map((h) => h.loss), valLoss: result.history.map((h) => h.valLoss!), probabilities};
  };
  const first = await fit();
  const again = await fit();
  assert.deepEqual(again, first, "seeded: the same run twice");
  assert.ok(first.losses[3] < 0.7 * first.losses[0], `loss falls: ${first.losses.join(", ")}`);
  // The same run (same initial weights, shuffles and validation carve) through networkFit.ts's tape trainer.
  const tape = await tapeLosses(options, windows);
  first.losses.forEach((loss, i) =>
    assert.ok(Math.abs(loss - tape[i]) < 1e-3, `epoch ${i + 1}: ${loss} vs ${tape[i]}`)
  );
});

/** Epoch losses of the same model trained by networkFit.ts's tape trainer. */
async function tapeLosses(
  options: Parameters<typeof resolveLstmOptions>[0],
  windows: {contexts: number[][]; targets: number[]}
): Promise<number[]> {
  const {fitNetwork} = await import("../src/lib/learn/networkFit.js");
  const resolved = resolveLstmOptions(options);
  const model = buildLstmModel(8, resolved);
  const encode = (contexts: readonly (readonly number[])[], rows: Int32Array) =>
    oneHotContexts(contexts, rows, resolved.window, 8);
  const {history} = await fitNetwork(model, {size: 8, options: resolved, encode}, windows);
  model.dispose();
  return history.map((h) => h.loss);
}
