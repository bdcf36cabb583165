/**
 * The LSTM's training loop (tfjs-examples' fitModel), hand-written over trainOnBatch because model.fit shuffles
 * with Math.random: a seeded validation carve, seeded shuffling each epoch, Keras' EarlyStopping with
 * restore_best_weights and ReduceLROnPlateau on validation loss, and the FitCallbacks (onEpochEnd after each
 * epoch, shouldStop between batches). It yields to the host so pages stay responsive, and disposes every tensor
 * it makes.
 * @example const {history, bestEpoch} = await fitLstm(model, size, resolveLstmOptions({window: 2}), windowsOf(ids, 2))
 */
import * as tf from "@tensorflow/tfjs";
import {randomLcg, shuffler} from "d3";
import type {EpochLog, FitCallbacks, FitResult} from "./predictor.js";
import {EarlyStopping, ReduceLrOnPlateau, yieldToHost, type StoppingVerdict} from "./training.js";
import type {IdWindows} from "./windowFit.js";
import {compileLstmModel, setLearningRate, type ResolvedLstmOptions} from "./lstmModel.js";
import {oneHotContexts, oneHotTargets} from "./lstmInputs.js";

/** Yield to the host at least this often (ms) during an epoch so pages stay responsive. */
const YIELD_EVERY_MS = 40;

/** Input and target tensors of some windows. */
interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
}

/**
 * Train `model` (built for `size` ids by buildLstmModel with `options`) on `windows`, whose contexts hold
 * `options.window` ids. The model ends with the weights of its best epoch.
 */
export async function fitLstm(
  model: tf.LayersModel,
  size: number,
  options: ResolvedLstmOptions,
  {contexts, targets}: IdWindows,
  callbacks: FitCallbacks = {}
): Promise<FitResult> {
  const started = performance.now();
  if (contexts.length !== targets.length)
    throw new Error(`lstm fit: ${contexts.length} contexts but ${targets.length} targets`);
  const {train, validation: validationIds} = carveValidation(targets.length, options);
  const batchAt = (rows: Int32Array): Batch => ({
    x: oneHotContexts(contexts, rows, options.window, size),
    y: oneHotTargets(targets, rows, size)
  });
  const optimizer = compileLstmModel(model, options.learningRate);
  const validation = validationIds.length > 0 ? batchAt(validationIds) : undefined;
  const shuffle = shuffler(randomLcg(options.seed));
  const schedule = new BestWeightsSchedule(options);
  const history: EpochLog[] = [];
  let learningRate = options.learningRate;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochStarted = performance.now();
      const order = shuffle(train.slice());
      const trained = await trainEpoch(model, batchAt, order, options.batchSize, callbacks.shouldStop);
      if (!trained) {
        stoppedEarly = true;
        break;
      }
      const log: EpochLog = {epoch, loss: trained.loss, accuracy: trained.accuracy, learningRate, seconds: 0};
      if (validation) Object.assign(log, validationScores(model, validation));
      log.seconds = (performance.now() - epochStarted) / 1000;
      history.push(log);

      const next = schedule.update(model, log.valLoss ?? log.loss, epoch, learningRate);
      learningRate = next.learningRate;
      setLearningRate(optimizer, learningRate);
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
    validation?.x.dispose();
    validation?.y.dispose();
    optimizer.dispose();
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
  }: Pick<ResolvedLstmOptions, "validationFraction" | "validationSplit" | "seed">
): {train: Int32Array; validation: Int32Array} {
  const validationCount = Math.max(0, Math.min(Math.floor(n * validationFraction), n - 1));
  const trainCount = n - validationCount;
  if (trainCount < 1) throw new Error("lstm fit: no training windows");
  const all = Int32Array.from({length: n}, (_, i) => i);
  if (validationSplit === "last") return {train: all.subarray(0, trainCount), validation: all.subarray(trainCount)};
  const order = shuffler(randomLcg(seed + 1))(all);
  return {train: order.subarray(0, trainCount), validation: order.slice(trainCount).sort()};
}

/**
 * One pass over the windows in `order`, batch by batch: the mean training loss and accuracy, or undefined when
 * `shouldStop` turned true before a batch (the unfinished epoch is not reported).
 */
async function trainEpoch(
  model: tf.LayersModel,
  batchAt: (rows: Int32Array) => Batch,
  order: Int32Array,
  batchSize: number,
  shouldStop?: () => boolean
): Promise<{loss: number; accuracy: number} | undefined> {
  let lossSum = 0;
  let correctSum = 0;
  let lastYield = performance.now();
  for (let start = 0; start < order.length; start += batchSize) {
    if (shouldStop?.()) return undefined;
    const rows = order.subarray(start, Math.min(start + batchSize, order.length));
    const {x, y} = batchAt(rows);
    try {
      const [loss, accuracy] = (await model.trainOnBatch(x, y)) as number[];
      lossSum += loss * rows.length;
      correctSum += accuracy * rows.length;
    } finally {
      x.dispose();
      y.dispose();
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToHost();
      lastYield = performance.now();
    }
  }
  return {loss: lossSum / order.length, accuracy: correctSum / order.length};
}

/** Loss and accuracy of `model` on the validation windows. */
function validationScores(model: tf.LayersModel, {x, y}: Batch): {valLoss: number; valAccuracy: number} {
  const [loss, accuracy] = model.evaluate(x, y, {batchSize: 512}) as tf.Scalar[];
  const result = {valLoss: loss.dataSync()[0], valAccuracy: accuracy.dataSync()[0]};
  loss.dispose();
  accuracy.dispose();
  return result;
}

/**
 * Keras' EarlyStopping(restore_best_weights) and ReduceLROnPlateau on one monitored value (training.ts's pure
 * pieces), plus the best epoch's weights, kept as tensors until restoreBest and dispose.
 */
class BestWeightsSchedule {
  readonly stopping: EarlyStopping;
  private readonly plateau: ReduceLrOnPlateau;
  private best: tf.Tensor[] | undefined;

  constructor(options: ResolvedLstmOptions) {
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
