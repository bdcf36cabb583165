/**
 * The one training loop of every TF.js model kind (LSTM, GRU, Transformer, TCN, MLP, context): tfjs-examples'
 * fitModel, hand-written over Adam's computeGradients/applyGradients because model.fit shuffles with Math.random
 * and has no gradient clipping. Per run: a seeded validation carve, seeded shuffling each epoch, optional
 * class-weighted cross-entropy, gradient clipping by global norm, a plateau or warm-up + cosine learning-rate
 * schedule, early stopping on validation loss or macro F1 with the best epoch's weights restored, and the
 * FitCallbacks (onEpochEnd after each epoch, shouldStop between batches). It yields to the host so pages stay
 * responsive, and disposes every tensor it makes.
 * @example const {history, bestEpoch} = await fitNetwork(model, {size, options, encode}, windowsOf(ids, 2))
 */
import * as tf from "@tensorflow/tfjs";
import {randomLcg, shuffler} from "d3";
import type {EpochLog, FitCallbacks, FitResult} from "./predictor.js";
import {
  EarlyStopping,
  ReduceLrOnPlateau,
  balancedClassWeights,
  cosineLearningRate,
  yieldToHost,
  type StoppingVerdict
} from "./training.js";
import type {ResolvedTrainingOptions} from "./trainingOptions.js";
import type {IdWindows} from "./windowFit.js";
import {macroF1OfCodes} from "../metrics/labelCodes.js";
import {useTrainingKernels} from "./wasmKernels.js";

/** Yield to the host at least this often (ms) during an epoch so pages stay responsive. */
const YIELD_EVERY_MS = 40;
const VALIDATION_BATCH = 512;
/** Keras' epsilon: probabilities are clipped to [EPSILON, 1] before the log (fusedLstmStep.ts clips the same). */
export const EPSILON = 1e-7;

/** What the loop needs to know about a model besides its weights. */
export interface NetworkTarget {
  /** Output width (vocabulary size). */
  size: number;
  options: ResolvedTrainingOptions;
  /** The model's input tensor(s) for the contexts at `rows` (one row per window, in that order). */
  encode: (contexts: readonly (readonly number[])[], rows: Int32Array) => tf.Tensor | tf.Tensor[];
  /**
   * A faster step for this model (fusedLstmStep.ts), given the run's windows and class weights; undefined (or a
   * factory returning undefined) trains on TF.js' tape with tf.train.adam.
   */
  trainer?: (windows: IdWindows, classWeights: Float32Array | undefined) => BatchTrainer | undefined;
}

/** One optimizer's steps over the run's windows, and the way its weights reach the model. */
export interface BatchTrainer {
  /** One step on the windows at `rows`, at `learningRate`: the batch's mean loss and number of correct top-1. */
  step(rows: Int32Array, learningRate: number): {loss: number; correct: number};
  /** Write the trained weights into the model (before validation, the best-epoch snapshot and the end). */
  syncModel(): void;
  dispose(): void;
}

/**
 * Train `model` (whose output is a softmax over `size` ids) on `windows`. The model ends with the weights of its
 * best epoch (on the monitored value, validation when there is a validation part, else training loss).
 */
export async function fitNetwork(
  model: tf.LayersModel,
  {size, options, encode, trainer: fastTrainer}: NetworkTarget,
  {contexts, targets}: IdWindows,
  callbacks: FitCallbacks = {}
): Promise<FitResult> {
  const started = performance.now();
  if (contexts.length !== targets.length)
    throw new Error(`fit: ${contexts.length} contexts but ${targets.length} targets`);
  if (tf.getBackend() === "wasm") useTrainingKernels();
  const {train, validation} = carveValidation(targets.length, options);
  const weights =
    options.classWeights === "balanced"
      ? balancedClassWeights(
          Array.from(train, (i) => targets[i]),
          size
        )
      : undefined;
  const classWeights = weights ? tf.tensor1d(weights) : undefined;
  const trainer =
    fastTrainer?.({contexts, targets}, weights ? Float32Array.from(weights) : undefined) ??
    tapeTrainer(model, encode, contexts, targets, {classWeights, clipNorm: options.clipNorm});
  const shuffle = shuffler(randomLcg(options.seed));
  const schedule = new BestWeightsSchedule(options);
  const stepsPerEpoch = Math.ceil(train.length / options.batchSize);
  const cosine = {
    base: options.learningRate,
    warmupSteps: options.warmupEpochs * stepsPerEpoch,
    totalSteps: options.epochs * stepsPerEpoch,
    min: options.minLearningRate
  };
  const history: EpochLog[] = [];
  let learningRate = options.learningRate;
  let step = 0;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochStarted = performance.now();
      const order = shuffle(train.slice());
      let lossSum = 0;
      let correctSum = 0;
      let lastYield = performance.now();
      let interrupted = false;
      for (let start = 0; start < order.length; start += options.batchSize) {
        if (callbacks.shouldStop?.()) {
          interrupted = true;
          break;
        }
        const rate = options.schedule === "cosine" ? cosineLearningRate(step, cosine) : learningRate;
        const rows = order.subarray(start, Math.min(start + options.batchSize, order.length));
        const {loss, correct} = trainer.step(rows, rate);
        lossSum += loss * rows.length;
        correctSum += correct;
        step++;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToHost();
          lastYield = performance.now();
        }
      }
      trainer.syncModel();
      if (interrupted) {
        stoppedEarly = true;
        break;
      }
      const log: EpochLog = {
        epoch,
        loss: lossSum / order.length,
        accuracy: correctSum / order.length,
        // The cosine schedule changes the rate every step: the epoch logs the rate of its last step.
        learningRate: options.schedule === "cosine" ? cosineLearningRate(step - 1, cosine) : learningRate,
        seconds: 0
      };
      if (validation.length > 0) Object.assign(log, validationScores(model, encode, contexts, targets, validation));
      log.seconds = (performance.now() - epochStarted) / 1000;
      history.push(log);

      const monitored =
        options.monitor === "macroF1" && log.valMacroF1 !== undefined ? -log.valMacroF1 : (log.valLoss ?? log.loss);
      const next = schedule.update(model, monitored, epoch, learningRate);
      if (options.schedule === "plateau") learningRate = next.learningRate;
      const carryOn = await callbacks.onEpochEnd?.(log);
      await yieldToHost();
      if (next.verdict === "stop" || carryOn === false) {
        stoppedEarly = epoch < options.epochs;
        break;
      }
    }
    schedule.restoreBest(model);
  } finally {
    schedule.dispose();
    classWeights?.dispose();
    trainer.dispose();
  }
  const {bestEpoch} = schedule.stopping;
  return {
    history,
    bestEpoch: bestEpoch > 0 ? bestEpoch : undefined,
    stoppedEarly,
    seconds: (performance.now() - started) / 1000
  };
}

/**
 * Which of `n` windows train and which validate (never trained on): `validationFraction` of them, at least one
 * window left for training, either the chronologically last ones or a seeded random subset drawn from
 * `randomLcg(seed + 1)` (validation ids sorted). Throws when no window is left to train on.
 * @example carveValidation(5, {validationFraction: 0.4, validationSplit: "last", seed: 1}) // {train: [0, 1, 2], validation: [3, 4]}
 */
export function carveValidation(
  n: number,
  {
    validationFraction,
    validationSplit,
    seed
  }: Pick<ResolvedTrainingOptions, "validationFraction" | "validationSplit" | "seed">
): {train: Int32Array; validation: Int32Array} {
  const validationCount = Math.max(0, Math.min(Math.floor(n * validationFraction), n - 1));
  const trainCount = n - validationCount;
  if (trainCount < 1) throw new Error("fit: no training windows");
  const all = Int32Array.from({length: n}, (_, i) => i);
  if (validationSplit === "last") return {train: all.subarray(0, trainCount), validation: all.subarray(trainCount)};
  const order = shuffler(randomLcg(seed + 1))(all);
  return {train: order.subarray(0, trainCount), validation: order.slice(trainCount).sort()};
}

/**
 * Mean cross-entropy of softmax outputs `probabilities` [n, size] against integer `targets` [n], each window's
 * term multiplied by its class's weight when `classWeights` [size] is given (Keras' class_weight: a plain mean
 * over the windows of the weighted terms).
 * @example crossEntropy(tf.tensor2d([[0.5, 0.5]]), tf.tensor1d([0], "int32")).dataSync() // [0.693…]
 */
export function crossEntropy(probabilities: tf.Tensor, targets: tf.Tensor1D, classWeights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const size = probabilities.shape[probabilities.shape.length - 1];
    const picked = tf.sum(tf.mul(probabilities, tf.oneHot(targets, size)), -1);
    const terms = tf.neg(tf.log(tf.clipByValue(picked, EPSILON, 1)));
    return tf.mean(classWeights ? tf.mul(terms, tf.gather(classWeights, targets)) : terms) as tf.Scalar;
  });
}

/** The default trainer: TF.js' tape through the layers model, tf.train.adam on the model's variables. */
function tapeTrainer(
  model: tf.LayersModel,
  encode: NetworkTarget["encode"],
  contexts: readonly (readonly number[])[],
  targets: readonly number[],
  settings: {classWeights?: tf.Tensor1D; clipNorm: number}
): BatchTrainer {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam();
  return {
    step(rows, learningRate) {
      (optimizer as unknown as {learningRate: number}).learningRate = learningRate;
      return trainStep(model, variables, optimizer, encode(contexts, rows), rows, targets, settings);
    },
    syncModel() {},
    dispose: () => optimizer.dispose()
  };
}

/** One optimizer step on one batch; the input tensors are disposed. The batch's mean loss and correct count. */
function trainStep(
  model: tf.LayersModel,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  input: tf.Tensor | tf.Tensor[],
  rows: Int32Array,
  targets: readonly number[],
  {classWeights, clipNorm}: {classWeights?: tf.Tensor1D; clipNorm: number}
): {loss: number; correct: number} {
  const y = tf.tensor1d(
    Array.from(rows, (i) => targets[i]),
    "int32"
  );
  let correct: tf.Scalar | undefined;
  try {
    const {value, grads} = optimizer.computeGradients(() => {
      const probabilities = model.apply(input, {training: true}) as tf.Tensor;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), y), "float32"))) as tf.Scalar;
      return crossEntropy(probabilities, y, classWeights);
    }, variables);
    const clipped = clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm) : grads;
    optimizer.applyGradients(clipped);
    const loss = value.dataSync()[0];
    value.dispose();
    tf.dispose(Object.values(grads));
    if (clipped !== grads) tf.dispose(Object.values(clipped));
    return {loss, correct: correct!.dataSync()[0]};
  } finally {
    correct?.dispose();
    y.dispose();
    tf.dispose(input);
  }
}

/** The gradients scaled so that their global L2 norm is at most `clipNorm` (TensorFlow's clip_by_global_norm). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
    return out;
  });
}

/** Loss (unweighted), accuracy and macro F1 of `model` on the validation windows. */
function validationScores(
  model: tf.LayersModel,
  encode: NetworkTarget["encode"],
  contexts: readonly (readonly number[])[],
  targets: readonly number[],
  validation: Int32Array
): {valLoss: number; valAccuracy: number; valMacroF1: number} {
  let lossSum = 0;
  const truth = Int32Array.from(validation, (i) => targets[i]);
  const predicted = new Int32Array(validation.length);
  for (let start = 0; start < validation.length; start += VALIDATION_BATCH) {
    const rows = validation.subarray(start, Math.min(start + VALIDATION_BATCH, validation.length));
    const [loss, best] = tf.tidy(() => {
      const input = encode(contexts, rows);
      const probabilities = model.predict(input) as tf.Tensor;
      const y = tf.tensor1d(truth.subarray(start, start + rows.length), "int32");
      return [crossEntropy(probabilities, y).dataSync()[0], tf.argMax(probabilities, -1).dataSync()] as const;
    });
    lossSum += loss * rows.length;
    predicted.set(best, start);
  }
  let correct = 0;
  for (let i = 0; i < truth.length; i++) correct += Number(truth[i] === predicted[i]);
  const labelCount = Math.max(...truth, ...predicted) + 1;
  return {
    valLoss: lossSum / validation.length,
    valAccuracy: correct / validation.length,
    valMacroF1: macroF1OfCodes(truth, predicted, labelCount)
  };
}

/**
 * Keras' EarlyStopping(restore_best_weights) and ReduceLROnPlateau on one monitored value (training.ts's pure
 * pieces), plus the best epoch's weights, kept as tensors until restoreBest and dispose.
 */
class BestWeightsSchedule {
  readonly stopping: EarlyStopping;
  private readonly plateau: ReduceLrOnPlateau;
  private best: tf.Tensor[] | undefined;

  constructor(options: ResolvedTrainingOptions) {
    this.stopping = new EarlyStopping(options.patience);
    this.plateau = new ReduceLrOnPlateau({
      patience: options.plateauPatience,
      factor: options.plateauFactor,
      minLearningRate: options.minLearningRate
    });
  }

  /** After an epoch: keep the weights if `monitored` improved; the verdict and the next epoch's learning rate. */
  update(
    model: tf.LayersModel,
    monitored: number,
    epoch: number,
    learningRate: number
  ): {verdict: StoppingVerdict; learningRate: number} {
    const verdict = this.stopping.update(monitored, epoch);
    if (verdict === "improved") {
      this.best?.forEach((t) => t.dispose());
      // Clones share data with the variables; an optimizer step replaces the variables' data, not the clones'.
      this.best = model.getWeights().map((t) => t.clone());
    }
    return {verdict, learningRate: this.plateau.update(monitored, learningRate)};
  }

  restoreBest(model: tf.LayersModel): void {
    if (this.best) model.setWeights(this.best);
  }

  dispose(): void {
    this.best?.forEach((t) => t.dispose());
    this.best = undefined;
  }
}
