/**
 * The LSTM's training step with a hand-written gradient and Adam, instead of tfjs-layers' forward, tape and
 * per-weight optimizer ops. Why: on the wasm backend a taped step of the small LSTM (window 2, 64 units, batch 64)
 * ran ~480 kernels at ~15-20 us of JavaScript dispatch each, so dispatch, not arithmetic, bounded the epoch
 * (docs/benchmarks.md, "LSTM epoch"). Here a step runs about 20 TF.js kernels on whole batches (the matrix products,
 * the gates' sigmoid and the softmax: XNNPACK on wasm) and no tape; the rest (the cell, the loss, the
 * back-propagation's element-wise part, Adam) is plain loops over Float32Arrays. Same function and maths as
 * lstmModel.ts's network trained with networkFit.ts's crossEntropy and tf.train.adam:
 *
 *   x_s = onehot(id_s) · P = P[id_s]                  (the projection's gradient is a row scatter-add)
 *   z_s = x_s · K + h_{s-1} · R + b;  i, f, o = sigmoid(z_i, z_f, z_o);  g = tanh(z_g)    (Keras order i, f, c, o)
 *   c_s = f c_{s-1} + i g;  h_s = o tanh(c_s);  h, c start at 0
 *   p = softmax(h_last · W + w);  loss = mean(weight[y] · -log(clip(p_y, 1e-7, 1)))
 *   d logits = weight[y] (p - onehot(y)) / batch where p_y >= 1e-7, else 0
 *
 * The trainer keeps the weights in one flat Float32Array and writes them into the tfjs-layers model on syncModel()
 * (networkFit.ts calls it after each epoch), so artifacts, validation and prediction are unchanged.
 * test/fusedLstmStep.test.ts compares the gradients with tf.grad of the layers model.
 * @example const trainer = fusedLstmTrainer(model, {window: 2, contexts, targets, options}); // undefined: not this network
 */
import * as tf from "@tensorflow/tfjs";
import {PAD_ID} from "./vocabulary.js";
import {checkId} from "./lstmInputs.js";
import {inputSteps} from "./lstmModel.js";
import {EPSILON, type BatchTrainer} from "./networkFit.js";
import type {ResolvedTrainingOptions} from "./trainingOptions.js";

/** tf.train.adam's defaults (epsilon: the float32 backend epsilon). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-7;

/** The LSTM's weights, in model.trainableWeights order, as views into one flat array. */
export interface LstmWeights {
  /** [size, embedding] projection kernel. */
  projection: Float32Array;
  /** [embedding, 4 units] LSTM kernel. */
  kernel: Float32Array;
  /** [units, 4 units] recurrent kernel. */
  recurrent: Float32Array;
  /** [4 units] LSTM bias. */
  bias: Float32Array;
  /** [units, size] output kernel. */
  output: Float32Array;
  /** [size] output bias. */
  outputBias: Float32Array;
}

const WEIGHT_NAMES = ["projection", "kernel", "recurrent", "bias", "output", "outputBias"] as const;

/** Sizes of the network. */
export interface LstmShape {
  size: number;
  steps: number;
  embedding: number;
  units: number;
}

/**
 * The shape of `model` if it is lstmModel.ts's network with the activations this step implements (tanh, sigmoid
 * gates, softmax output, all biases but the projection's); undefined otherwise (older hardSigmoid models train on
 * the tape).
 */
export function fusableLstmShape(model: tf.LayersModel): LstmShape | undefined {
  const [projection, lstm, next] = model.layers;
  if (model.layers.length !== 3 || model.trainableWeights.length !== 6) return undefined;
  const p = projection.getConfig();
  const l = lstm.getConfig();
  const n = next.getConfig();
  const ok =
    projection.getClassName() === "Dense" &&
    p.useBias === false &&
    p.activation === "linear" &&
    lstm.getClassName() === "LSTM" &&
    l.activation === "tanh" &&
    l.recurrentActivation === "sigmoid" &&
    l.useBias !== false &&
    !l.returnSequences &&
    !l.goBackwards &&
    !l.stateful &&
    !l.returnState &&
    !l.dropout &&
    !l.recurrentDropout &&
    next.getClassName() === "Dense" &&
    n.activation === "softmax" &&
    n.useBias !== false;
  const steps = model.inputs[0].shape[1];
  if (!ok || typeof steps !== "number") return undefined;
  const [size, embedding] = model.trainableWeights[0].shape as number[];
  return {size, steps, embedding, units: l.units as number};
}

/** Flat weights (or gradients, or Adam moments) of an LSTM of `shape`, with their views. */
export function lstmWeights(
  {size, embedding, units}: LstmShape,
  flat?: Float32Array
): {flat: Float32Array} & LstmWeights {
  const lengths = [size * embedding, embedding * 4 * units, units * 4 * units, 4 * units, units * size, size];
  const total = lengths.reduce((a, b) => a + b, 0);
  const all = flat ?? new Float32Array(total);
  if (all.length !== total) throw new Error(`lstm weights: ${all.length} values for ${total} weights`);
  const views: Partial<LstmWeights> = {};
  let offset = 0;
  WEIGHT_NAMES.forEach((name, i) => {
    views[name] = all.subarray(offset, offset + lengths[i]);
    offset += lengths[i];
  });
  return {flat: all, ...(views as LstmWeights)};
}

/** Result of lossAndGradients: the batch's mean loss, its number of correct top-1 predictions and the gradients. */
export interface LossAndGradients {
  loss: number;
  correct: number;
  gradients: {flat: Float32Array} & LstmWeights;
}

/**
 * Run `f` (TF.js ops, on the wasm backend XNNPACK's vectorised kernels) and read its tensors back as arrays; every
 * tensor made inside is freed. Not tf.tidy: it would walk the returned arrays element by element for tensors.
 */
function compute(f: () => tf.Tensor[]): Float32Array[] {
  tf.engine().startScope();
  try {
    return f().map((t) => t.dataSync() as Float32Array);
  } finally {
    tf.engine().endScope();
  }
}

/** Float32 product of row-major matrices `a` [aShape] and `b` (an array of bShape or a tensor), read back. */
function matMul(
  a: Float32Array,
  aShape: [number, number],
  b: Float32Array | tf.Tensor2D,
  bShape: [number, number],
  transposeA = false,
  transposeB = false
): Float32Array {
  const right = () => (b instanceof Float32Array ? tf.tensor2d(b, bShape) : b);
  return compute(() => [tf.matMul(tf.tensor2d(a, aShape), right(), transposeA, transposeB)])[0];
}

/**
 * Loss and gradients of the LSTM of `shape` with `weights` on one batch: `ids` [steps, batch] time-major (PAD
 * included), `targets` [batch], optional `classWeights` [size]; the gradients go to `gradients` (a buffer reused
 * across steps). TF.js does the matrix products, the gates' sigmoid and the softmax (vectorised on wasm, while
 * JavaScript's Math.exp and Math.tanh cost 20-40 ns each); the rest is loops over Float32Arrays.
 */
export function lossAndGradients(
  shape: LstmShape,
  weights: LstmWeights,
  ids: Int32Array,
  targets: Int32Array,
  classWeights?: Float32Array,
  gradients = lstmWeights(shape)
): LossAndGradients {
  const {size, embedding: E, units: H} = shape;
  const G = 4 * H;
  const tensors: StepTensors = {
    kernel: tf.tensor2d(weights.kernel, [E, G]),
    recurrent: tf.tensor2d(weights.recurrent, [H, G]),
    output: tf.tensor2d(weights.output, [H, size]),
    gateScale: tf.tensor1d(Float32Array.from({length: G}, (_, j) => (j >= 2 * H && j < 3 * H ? 2 : 1)))
  };
  try {
    gradients.flat.fill(0);
    const pass = forwardPass(shape, weights, tensors, ids, targets.length);
    const {loss, correct, dLogits} = outputLoss(pass.probabilities, targets, size, classWeights, gradients.outputBias);
    backwardPass(shape, tensors, pass, ids, dLogits, gradients);
    return {loss, correct, gradients};
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** The step's weight matrices as tensors, and the gates' pre-activation scale (2 on the g block, 1 elsewhere). */
interface StepTensors {
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  output: tf.Tensor2D;
  gateScale: tf.Tensor1D;
}

/** What the backward pass reads: all [steps * batch, ...] time-major, and the output probabilities [batch, size]. */
interface ForwardPass {
  x: Float32Array;
  /** Activated i, f, g, o. */
  gates: Float32Array;
  cells: Float32Array;
  tanhCells: Float32Array;
  hidden: Float32Array;
  probabilities: Float32Array;
}

function forwardPass(shape: LstmShape, weights: LstmWeights, t: StepTensors, ids: Int32Array, B: number): ForwardPass {
  const {steps, embedding: E, units: H} = shape;
  const G = 4 * H;
  const [SB, BH, BG] = [steps * B, B * H, B * G];
  const x = new Float32Array(SB * E); // the projection's rows: one-hot times the projection kernel
  for (let r = 0; r < SB; r++) x.set(weights.projection.subarray(ids[r] * E, ids[r] * E + E), r * E);
  // x · K + b for every step at once, kept on the backend: the steps slice it.
  const zx = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(x, [SB, E]), t.kernel), tf.tensor1d(weights.bias)));
  const gates = new Float32Array(SB * G);
  const cells = new Float32Array(SB * H);
  const tanhCells = new Float32Array(SB * H);
  const hidden = new Float32Array(SB * H);
  for (let s = 0; s < steps; s++) {
    // One sigmoid for the four gates: tanh(z) = 2 sigmoid(2z) - 1 on the g block (wasm's tanh is a scalar loop).
    const [sigmoids] = compute(() => {
      const zs = tf.slice(zx, [s * B, 0], [B, G]);
      const h = () => tf.tensor2d(hidden.subarray((s - 1) * BH, s * BH), [B, H]);
      return [tf.sigmoid(tf.mul(s > 0 ? tf.add(zs, tf.matMul(h(), t.recurrent)) : zs, t.gateScale))];
    });
    const g = gates.subarray(s * BG, (s + 1) * BG);
    g.set(sigmoids);
    for (let b = 0; b < B; b++) for (let k = 2 * H; k < 3 * H; k++) g[b * G + k] = 2 * g[b * G + k] - 1;
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < H; k++) {
        const r = s * BH + b * H + k;
        const c = g[b * G + H + k] * (s > 0 ? cells[r - BH] : 0) + g[b * G + k] * g[b * G + 2 * H + k];
        const tc = 1 - 2 / (Math.exp(2 * c) + 1); // tanh(c) with one exp
        cells[r] = c;
        tanhCells[r] = tc;
        hidden[r] = g[b * G + 3 * H + k] * tc;
      }
    }
  }
  zx.dispose();
  const last = hidden.subarray((steps - 1) * BH);
  const bias = tf.tensor1d(weights.outputBias);
  const [probabilities] = compute(() => [tf.softmax(tf.add(tf.matMul(tf.tensor2d(last, [B, H]), t.output), bias))]);
  bias.dispose();
  return {x, gates, cells, tanhCells, hidden, probabilities};
}

/** Mean (weighted) cross-entropy, correct top-1 count and d logits [batch, size]; adds d logits' sums to `dBias`. */
function outputLoss(
  probabilities: Float32Array,
  targets: Int32Array,
  size: number,
  classWeights: Float32Array | undefined,
  dBias: Float32Array
): {loss: number; correct: number; dLogits: Float32Array} {
  const B = targets.length;
  const dLogits = new Float32Array(B * size);
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const row = b * size;
    let best = 0;
    for (let v = 1; v < size; v++) if (probabilities[row + v] > probabilities[row + best]) best = v;
    const y = targets[b];
    const weight = classWeights ? classWeights[y] : 1;
    const picked = probabilities[row + y];
    loss += (weight * -Math.log(Math.min(Math.max(picked, EPSILON), 1))) / B;
    correct += Number(best === y);
    if (picked < EPSILON) continue; // the clip's gradient is 0 there
    for (let v = 0; v < size; v++) {
      const d = ((probabilities[row + v] - (v === y ? 1 : 0)) * weight) / B;
      dLogits[row + v] = d;
      dBias[v] += d;
    }
  }
  return {loss, correct, dLogits};
}

/** Back-propagation through the output layer, then through time, into `gradients` (all but the output bias). */
function backwardPass(
  shape: LstmShape,
  t: StepTensors,
  {x, gates, cells, tanhCells, hidden}: ForwardPass,
  ids: Int32Array,
  dLogits: Float32Array,
  gradients: LstmWeights
): void {
  const {size, steps, embedding: E, units: H} = shape;
  const G = 4 * H;
  const B = dLogits.length / size;
  const [SB, BH, BG] = [steps * B, B * H, B * G];
  const last = hidden.subarray((steps - 1) * BH);
  const [dOutput, dLast] = compute(() => {
    const d = tf.tensor2d(dLogits, [B, size]);
    return [tf.matMul(tf.tensor2d(last, [B, H]), d, true), tf.matMul(d, t.output, false, true)];
  });
  gradients.output.set(dOutput);
  let dHidden = dLast;
  const dCell = new Float32Array(BH);
  const dz = new Float32Array(SB * G);
  for (let s = steps - 1; s >= 0; s--) {
    for (let b = 0; b < B; b++) {
      const z = s * BG + b * G;
      for (let k = 0; k < H; k++) {
        const r = s * BH + b * H + k;
        const i = gates[z + k];
        const f = gates[z + H + k];
        const g = gates[z + 2 * H + k];
        const o = gates[z + 3 * H + k];
        const tc = tanhCells[r];
        const dh = dHidden[b * H + k];
        const dc = dCell[b * H + k] + dh * o * (1 - tc * tc);
        dCell[b * H + k] = dc * f;
        dz[z + k] = dc * g * i * (1 - i);
        dz[z + H + k] = dc * (s > 0 ? cells[r - BH] : 0) * f * (1 - f);
        dz[z + 2 * H + k] = dc * i * (1 - g * g);
        dz[z + 3 * H + k] = dh * tc * o * (1 - o);
      }
    }
    if (s > 0) dHidden = matMul(dz.subarray(s * BG, (s + 1) * BG), [B, G], t.recurrent, [H, G], false, true);
  }
  // The weight gradients from all steps' dz at once (steps >= 2: h_{s-1} against dz_s for s >= 1).
  const n = (steps - 1) * B;
  const [dKernel, dRecurrent, dx] = compute(() => {
    const dzAll = tf.tensor2d(dz, [SB, G]);
    const previous = tf.tensor2d(hidden.subarray(0, n * H), [n, H]);
    return [
      tf.matMul(tf.tensor2d(x, [SB, E]), dzAll, true),
      tf.matMul(previous, tf.slice(dzAll, [B, 0], [n, G]), true),
      tf.matMul(dzAll, t.kernel, false, true)
    ];
  });
  gradients.kernel.set(dKernel);
  gradients.recurrent.set(dRecurrent);
  for (let r = 0; r < SB; r++) for (let j = 0; j < G; j++) gradients.bias[j] += dz[r * G + j];
  for (let r = 0; r < SB; r++) for (let e = 0; e < E; e++) gradients.projection[ids[r] * E + e] += dx[r * E + e];
}

/**
 * One step of tf.train.adam over flat arrays: moments `m`, `v` and `weights` updated in place; `step` counts from 1.
 * Same formula as TF.js: w -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon).
 */
export function adamUpdate(
  weights: Float32Array,
  gradients: Float32Array,
  m: Float32Array,
  v: Float32Array,
  step: number,
  learningRate: number
): void {
  const correct1 = 1 - BETA1 ** step;
  const correct2 = 1 - BETA2 ** step;
  for (let i = 0; i < weights.length; i++) {
    const g = gradients[i];
    const mi = (m[i] = BETA1 * m[i] + (1 - BETA1) * g);
    const vi = (v[i] = BETA2 * v[i] + (1 - BETA2) * g * g);
    weights[i] -= (learningRate * (mi / correct1)) / (Math.sqrt(vi / correct2) + ADAM_EPSILON);
  }
}

/** What the trainer needs besides the model: the windows and the training settings. */
export interface FusedLstmData {
  window: number;
  contexts: readonly (readonly number[])[];
  targets: readonly number[];
  options: Pick<ResolvedTrainingOptions, "clipNorm">;
  classWeights?: Float32Array;
}

/**
 * A BatchTrainer for networkFit.ts running the fused step on `model`, or undefined when the model is not the
 * architecture it implements. The model's weights are read now and written back by syncModel().
 */
export function fusedLstmTrainer(model: tf.LayersModel, data: FusedLstmData): BatchTrainer | undefined {
  const shape = fusableLstmShape(model);
  if (!shape || shape.steps !== inputSteps(data.window)) return undefined;
  const weights = lstmWeights(shape);
  let offset = 0;
  for (const w of model.getWeights()) {
    weights.flat.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  const gradients = lstmWeights(shape);
  const m = new Float32Array(weights.flat.length);
  const v = new Float32Array(weights.flat.length);
  const {window, contexts, targets, options, classWeights} = data;
  let step = 0;
  return {
    step(rows, learningRate) {
      const B = rows.length;
      const ids = new Int32Array(shape.steps * B).fill(PAD_ID);
      const y = new Int32Array(B);
      rows.forEach((row, b) => {
        const context = contexts[row];
        for (let k = 0; k < window; k++) ids[(shape.steps - window + k) * B + b] = checkId(context[k], shape.size);
        y[b] = checkId(targets[row], shape.size);
      });
      const {loss, correct} = lossAndGradients(shape, weights, ids, y, classWeights, gradients);
      if (options.clipNorm > 0) clipByGlobalNorm(gradients.flat, options.clipNorm);
      adamUpdate(weights.flat, gradients.flat, m, v, ++step, learningRate);
      return {loss, correct};
    },
    syncModel() {
      const values = WEIGHT_NAMES.map((name, i) =>
        tf.tensor(weights[name], model.trainableWeights[i].shape as number[])
      );
      model.setWeights(values);
      tf.dispose(values);
    },
    dispose() {}
  };
}

/** Scale `gradients` in place so that their L2 norm is at most `clipNorm` (TensorFlow's clip_by_global_norm). */
function clipByGlobalNorm(gradients: Float32Array, clipNorm: number): void {
  let squares = 0;
  for (const g of gradients) squares += g * g;
  const scale = clipNorm / Math.max(Math.sqrt(squares), clipNorm);
  if (scale < 1) for (let i = 0; i < gradients.length; i++) gradients[i] *= scale;
}
