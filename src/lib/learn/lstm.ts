/**
 * LSTM next-action model (the neural model of the PerfSPEC learning phase), in TensorFlow.js.
 * Architecture, as perfspec-learning's Keras model but without an Embedding layer:
 *   window one-hot vectors [window, size] -> Dense projection (no bias: an embedding table) -> LSTM(units)
 *   -> Dense softmax over `size`.
 * The one-hot + Dense form avoids the gather op, which has no gradient on the wasm backend.
 * Host-neutral: this module never picks a TF.js backend (Node: src/node/tfBackend.ts; pages set up their own).
 *
 * Example:
 *   const model = createLstm(vocabulary.actions.length, {window: 2, seed: 1});
 *   const {history} = await model.fit([ids], {onEpochEnd: (log) => console.log(log)});
 *   const [probabilities] = model.predict([[PAD_ID, ids[0]]]);
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles, EpochLog, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {randomLcg, shuffler} from "d3";
import {EarlyStopping, ReduceLrOnPlateau, yieldToHost} from "./training.js";
import {PAD_ID} from "./vocabulary.js";
import type {IdWindows} from "./windowFit.js";
import {idWindowsOfSequences} from "./windows.js";
import {CachedLstmForward} from "./lstmForward.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";

export interface LstmOptions {
  /** Number of previous actions the model reads. */
  window: number;
  /** LSTM state size. Default 64. */
  units?: number;
  /** Width of the Dense projection that plays the embedding's role. Default 32. */
  embeddingSize?: number;
  /** Maximum number of epochs. Default 30. */
  epochs?: number;
  /** Default 64. */
  batchSize?: number;
  /** Adam's initial learning rate. Default 0.005. */
  learningRate?: number;
  /** Part of the training windows held out for validation (early stopping, LR schedule). Default 0.1; 0 disables it. */
  validationFraction?: number;
  /**
   * Which training windows validate: "random" (seeded; default) or "last" (the chronologically last ones, like
   * Keras' validation_split). On the PerfSPEC sequence the last slice holds many actions the rest never shows,
   * so "last" stops training after the first epoch (see docs/lstm.md). Either way the test part is never used.
   */
  validationSplit?: "random" | "last";
  /** Early stopping: epochs without a validation-loss improvement before training stops. Default 5. */
  patience?: number;
  /** Epochs without improvement before the learning rate is multiplied by plateauFactor. Default 2. */
  plateauPatience?: number;
  /** Default 0.5. */
  plateauFactor?: number;
  /** Default 1e-5. */
  minLearningRate?: number;
  /** Seeds the weight initialisers and the shuffling. Default 42. */
  seed?: number;
}

export type ResolvedLstmOptions = Required<LstmOptions>;

/** Windows for next-action training: each context holds the `window` ids before its target. */
export type WindowSet = IdWindows;

/** An LSTM Predictor that can also be fitted on precomputed windows and exposes its TF.js model. */
export interface LstmPredictor extends Predictor {
  readonly kind: "lstm";
  readonly options: ResolvedLstmOptions;
  readonly model: tf.LayersModel;
  fitWindows(windows: WindowSet, callbacks?: FitCallbacks): Promise<FitResult>;
}

const ARTIFACT_FORMAT = 1;
const PREDICT_BATCH = 512;
/** Up to this many contexts, predict() runs lstmForward.ts's plain forward pass instead of TF.js (per-call overhead). */
const FAST_PREDICT_MAX = 16;
/** Yield to the host at least this often (ms) during an epoch so pages stay responsive. */
const YIELD_EVERY_MS = 40;

/**
 * Time steps the LSTM runs: the window, but at least 2. TF.js cannot back-propagate through a one-step RNN
 * (its stack gradient throws), so a window-1 model reads [PAD, action]: the PAD step is constant, so the
 * prediction still depends on the last action only.
 */
export function inputSteps(window: number): number {
  return Math.max(window, 2);
}

/** Fill in the defaults of `options`. */
export function resolveLstmOptions(options: LstmOptions): ResolvedLstmOptions {
  const resolved: ResolvedLstmOptions = {
    units: 64,
    embeddingSize: 32,
    epochs: 30,
    batchSize: 64,
    learningRate: 0.005,
    validationFraction: 0.1,
    validationSplit: "random",
    patience: 5,
    plateauPatience: 2,
    plateauFactor: 0.5,
    minLearningRate: 1e-5,
    seed: 42,
    ...stripUndefined(options),
    window: options.window
  };
  for (const key of ["window", "units", "embeddingSize", "batchSize"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`lstm ${key} must be a positive integer, got ${resolved[key]}`);
  }
  if (!(resolved.validationFraction >= 0 && resolved.validationFraction < 1)) {
    throw new RangeError(`lstm validationFraction must be in [0, 1), got ${resolved.validationFraction}`);
  }
  return resolved;
}

/**
 * Sliding windows over id sequences (windows.ts's builder, shared with the other models): for every position,
 * the previous `window` ids (PAD_ID before the sequence start) and the id there. Example:
 * `windowsOf([[5, 6, 7]], 2)` -> `{contexts: [[0, 0], [0, 5], [5, 6]], targets: [5, 6, 7]}`.
 */
export function windowsOf(sequences: readonly (readonly number[])[], window: number): WindowSet {
  return idWindowsOfSequences(sequences, window);
}

/**
 * The TF.js model: input [batch, window, size] one-hot, output [batch, size] probabilities.
 * Each initialiser gets its own seed derived from `options.seed`, so equal seeds give equal weights.
 */
export function buildLstmModel(size: number, options: ResolvedLstmOptions): tf.Sequential {
  const {window, units, embeddingSize, seed} = options;
  const model = tf.sequential({name: "lstm_next_action"});
  model.add(
    tf.layers.dense({
      name: "projection",
      inputShape: [inputSteps(window), size],
      units: embeddingSize,
      useBias: false,
      // Keras' Embedding initialiser, since this layer is an embedding table applied to one-hot rows.
      kernelInitializer: tf.initializers.randomUniform({minval: -0.05, maxval: 0.05, seed})
    })
  );
  model.add(
    tf.layers.lstm({
      name: "lstm",
      units,
      kernelInitializer: tf.initializers.glorotUniform({seed: seed + 1}),
      // Glorot rather than Keras' orthogonal default: tfjs' orthogonal runs a QR factorisation and warns
      // about slowness for every matrix above 2000 elements (64 x 256 here), on each build and load.
      recurrentInitializer: tf.initializers.glorotUniform({seed: seed + 2})
    })
  );
  model.add(
    tf.layers.dense({
      name: "next",
      units: size,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform({seed: seed + 3})
    })
  );
  return model;
}

/** A new, untrained LSTM predictor over `size` action ids (the vocabulary size, PAD and UNK included). */
export function createLstm(size: number, options: LstmOptions): LstmPredictor {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`lstm size must be an integer >= 2, got ${size}`);
  const resolved = resolveLstmOptions(options);
  return new Lstm(size, resolved, buildLstmModel(size, resolved));
}

/**
 * Rebuild a predictor saved by `save()`: model.json (TF.js layers format), weights.bin and lstm.json.
 * Throws an Error naming the problem when a file is missing, not JSON, or weights.bin has the wrong length.
 */
export async function loadLstm(files: ArtifactFiles): Promise<LstmPredictor> {
  const modelJson = parseJsonFile(textFile(files, "model.json"), "model.json") as Partial<tf.io.ModelJSON>;
  const config = parseJsonFile(textFile(files, "lstm.json"), "lstm.json") as {
    format?: number;
    kind?: string;
    size?: number;
    options?: LstmOptions;
  };
  if (
    config.kind !== "lstm" ||
    config.format !== ARTIFACT_FORMAT ||
    !config.options ||
    typeof config.size !== "number"
  ) {
    throw new Error(`lstm artifact: lstm.json is not an lstm artifact of format ${ARTIFACT_FORMAT}`);
  }
  const manifest = modelJson.weightsManifest;
  if (!modelJson.modelTopology || !Array.isArray(manifest)) {
    throw new Error("lstm artifact: model.json lacks modelTopology or weightsManifest");
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weights = files["weights.bin"];
  if (!(weights instanceof Uint8Array)) throw new Error("lstm artifact: weights.bin is missing or not bytes");
  const expected = weightSpecs.reduce((sum, spec) => sum + weightBytes(spec), 0);
  if (weights.byteLength !== expected) {
    throw new Error(
      `lstm artifact: weights.bin has ${weights.byteLength} bytes but model.json's weightsManifest describes ${expected} bytes (truncated or mismatched file)`
    );
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs, weightData})
  );
  const options = resolveLstmOptions(config.options);
  const inputShape = model.inputs[0].shape;
  if (inputShape[1] !== options.window || inputShape[2] !== config.size) {
    model.dispose();
    throw new Error(
      `lstm artifact: model.json input shape [${inputShape.slice(1)}] does not match lstm.json (window ${options.window}, size ${config.size})`
    );
  }
  return new Lstm(config.size, options, model);
}

class Lstm implements LstmPredictor {
  readonly kind = "lstm";
  readonly window: number;
  private fast: CachedLstmForward | undefined;

  constructor(
    readonly size: number,
    readonly options: ResolvedLstmOptions,
    readonly model: tf.LayersModel
  ) {
    this.window = options.window;
  }

  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(windowsOf(sequences, this.window), callbacks);
  }

  async fitWindows({contexts, targets}: WindowSet, callbacks: FitCallbacks = {}): Promise<FitResult> {
    const started = performance.now();
    const o = this.options;
    const n = targets.length;
    if (contexts.length !== n) throw new Error(`lstm fit: ${contexts.length} contexts but ${targets.length} targets`);
    const validationCount = Math.min(Math.floor(n * o.validationFraction), n - 1);
    const trainCount = n - validationCount;
    if (trainCount < 1) throw new Error("lstm fit: no training windows");

    const optimizer = tf.train.adam(o.learningRate);
    this.model.compile({optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"]});
    // Validation windows are never trained on: a seeded random subset, or the chronologically last part.
    const all = Int32Array.from({length: n}, (_, i) => i);
    const split = o.validationSplit === "last" ? all : shuffler(randomLcg(o.seed + 1))(all);
    const trainIds = split.subarray(0, trainCount);
    const validationIds =
      o.validationSplit === "last" ? split.subarray(trainCount) : Int32Array.from(split.subarray(trainCount)).sort();
    const validation =
      validationCount > 0
        ? {x: this.inputs(contexts, validationIds), y: this.oneHotTargets(targets, validationIds)}
        : undefined;
    const shuffle = shuffler(randomLcg(o.seed));
    const stopping = new EarlyStopping(o.patience);
    const plateau = new ReduceLrOnPlateau({
      patience: o.plateauPatience,
      factor: o.plateauFactor,
      minLearningRate: o.minLearningRate
    });
    const history: EpochLog[] = [];
    let bestWeights: tf.Tensor[] | undefined;
    let learningRate = o.learningRate;
    let stoppedEarly = false;
    try {
      for (let epoch = 1; epoch <= o.epochs; epoch++) {
        const epochStarted = performance.now();
        const order = shuffle(trainIds.slice());
        let lossSum = 0;
        let correctSum = 0;
        let lastYield = performance.now();
        let interrupted = false;
        for (let start = 0; start < trainCount; start += o.batchSize) {
          if (callbacks.shouldStop?.()) {
            interrupted = true;
            break;
          }
          const batch = order.subarray(start, Math.min(start + o.batchSize, trainCount));
          const x = this.inputs(contexts, batch);
          const y = this.oneHotTargets(targets, batch);
          try {
            const [loss, accuracy] = (await this.model.trainOnBatch(x, y)) as number[];
            lossSum += loss * batch.length;
            correctSum += accuracy * batch.length;
          } finally {
            x.dispose();
            y.dispose();
          }
          if (performance.now() - lastYield > YIELD_EVERY_MS) {
            await yieldToHost();
            lastYield = performance.now();
          }
        }
        if (interrupted) {
          stoppedEarly = true;
          break;
        }
        const log: EpochLog = {
          epoch,
          loss: lossSum / trainCount,
          accuracy: correctSum / trainCount,
          learningRate,
          seconds: 0
        };
        if (validation) Object.assign(log, this.evaluate(validation.x, validation.y));
        log.seconds = (performance.now() - epochStarted) / 1000;
        history.push(log);

        // Keras callbacks: EarlyStopping(restore_best_weights) and ReduceLROnPlateau, both on val loss.
        const monitored = log.valLoss ?? log.loss;
        const verdict = stopping.update(monitored, epoch);
        if (verdict === "improved") {
          bestWeights?.forEach((t) => t.dispose());
          // Clones share data with the variables; an optimizer step replaces the variables' data, not the clones'.
          bestWeights = this.model.getWeights().map((t) => t.clone());
        }
        learningRate = plateau.update(monitored, learningRate);
        setLearningRate(optimizer, learningRate);

        const carryOn = await callbacks.onEpochEnd?.(log);
        await yieldToHost();
        if (verdict === "stop" || carryOn === false) {
          stoppedEarly = epoch < o.epochs;
          break;
        }
      }
      if (bestWeights) this.model.setWeights(bestWeights);
    } finally {
      bestWeights?.forEach((t) => t.dispose());
      validation?.x.dispose();
      validation?.y.dispose();
      optimizer.dispose();
    }
    return {
      history,
      bestEpoch: stopping.bestEpoch > 0 ? stopping.bestEpoch : undefined,
      stoppedEarly,
      seconds: (performance.now() - started) / 1000
    };
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const forward =
      contexts.length <= FAST_PREDICT_MAX ? (this.fast ??= new CachedLstmForward(this.model)).get() : undefined;
    if (forward) return forward.predict(contexts.map((c) => this.lastWindow(c).map((id) => this.checkId(id))));
    const out: Float32Array[] = [];
    for (let start = 0; start < contexts.length; start += PREDICT_BATCH) {
      const chunk = contexts.slice(start, start + PREDICT_BATCH).map((c) => this.lastWindow(c));
      const ids = Int32Array.from(chunk.keys());
      const probabilities = tf.tidy(
        () => (this.model.predict(this.inputs(chunk, ids)) as tf.Tensor).dataSync() as Float32Array
      );
      for (let i = 0; i < chunk.length; i++) out.push(probabilities.slice(i * this.size, (i + 1) * this.size));
    }
    return out;
  }

  async save(): Promise<ArtifactFiles> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await this.model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a)};
      })
    );
    if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error("lstm save: TF.js returned no weights");
    const modelJson: tf.io.ModelJSON = {
      format: "layers-model",
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      modelTopology: artifacts.modelTopology as object,
      weightsManifest: [{paths: ["weights.bin"], weights: artifacts.weightSpecs}]
    };
    return {
      "model.json": JSON.stringify(modelJson),
      "weights.bin": new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
      "lstm.json": JSON.stringify(
        {format: ARTIFACT_FORMAT, kind: "lstm", size: this.size, options: this.options},
        null,
        2
      )
    };
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Contexts are the last `window` ids; shorter ones are padded with PAD_ID at their start. */
  private lastWindow(context: readonly number[]): readonly number[] {
    if (context.length === this.window) return context;
    if (context.length > this.window) return context.slice(context.length - this.window);
    return [...new Array<number>(this.window - context.length).fill(PAD_ID), ...context];
  }

  /** One-hot input tensor [rows.length, steps, size] for the contexts at `rows` (PAD first when steps > window). */
  private inputs(contexts: readonly (readonly number[])[], rows: Int32Array): tf.Tensor3D {
    const {window, size} = this;
    const steps = inputSteps(window);
    const values = new Float32Array(rows.length * steps * size);
    rows.forEach((row, i) => {
      const context = contexts[row];
      for (let k = 0; k < steps - window; k++) values[(i * steps + k) * size + PAD_ID] = 1;
      for (let k = 0; k < window; k++) values[(i * steps + steps - window + k) * size + this.checkId(context[k])] = 1;
    });
    return tf.tensor3d(values, [rows.length, steps, size]);
  }

  private oneHotTargets(targets: readonly number[], rows: Int32Array): tf.Tensor2D {
    const values = new Float32Array(rows.length * this.size);
    rows.forEach((row, i) => (values[i * this.size + this.checkId(targets[row])] = 1));
    return tf.tensor2d(values, [rows.length, this.size]);
  }

  private checkId(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.size)
      throw new RangeError(`lstm: action id ${id} is outside 0..${this.size - 1}`);
    return id;
  }

  private evaluate(x: tf.Tensor, y: tf.Tensor): {valLoss: number; valAccuracy: number} {
    const [loss, accuracy] = this.model.evaluate(x, y, {batchSize: 512}) as tf.Scalar[];
    const result = {valLoss: loss.dataSync()[0], valAccuracy: accuracy.dataSync()[0]};
    loss.dispose();
    accuracy.dispose();
    return result;
  }
}

/** TF.js optimizers read their learning rate on every step but keep the field protected. */
function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  (optimizer as unknown as {learningRate: number}).learningRate = learningRate;
}

function weightBytes(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const bytes: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2};
  if (!(stored in bytes)) throw new Error(`lstm artifact: unsupported weight dtype ${stored} for ${spec.name}`);
  return count * bytes[stored];
}

function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}
