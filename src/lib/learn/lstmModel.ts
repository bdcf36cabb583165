/**
 * The LSTM network and its options: defaults and the pure builder (tfjs-examples' createModel; training is the
 * shared loop, networkFit.ts). Architecture, as perfspec-learning's Keras model but without an Embedding layer:
 *   window one-hot vectors [window, size] -> Dense projection (no bias: an embedding table) -> LSTM(units,
 *   sigmoid gates) -> Dense softmax over `size`.
 * The one-hot + Dense form was chosen because gather had no gradient on the wasm backend (wasmKernels.ts now adds
 * one; an Embedding saves only ~6% here, docs/benchmarks.md).
 * @example const model = buildLstmModel(vocabulary.actions.length, resolveLstmOptions({window: 2}))
 */
import * as tf from "@tensorflow/tfjs";
import {
  LSTM_TRAINING,
  resolveTrainingOptions,
  type ResolvedTrainingOptions,
  type TrainingOptions
} from "./trainingOptions.js";

export interface LstmOptions extends TrainingOptions {
  /** Number of previous actions the model reads. */
  window: number;
  /** LSTM state size. Default 64. */
  units?: number;
  /** Width of the Dense projection that plays the embedding's role. Default 32. */
  embeddingSize?: number;
}

export type ResolvedLstmOptions = ResolvedTrainingOptions &
  Required<Pick<LstmOptions, "window" | "units" | "embeddingSize">>;

/**
 * Fill in the defaults of `options`; throws a RangeError on sizes that are not positive integers.
 * @example resolveLstmOptions({window: 2}).units // 64
 */
export function resolveLstmOptions(options: LstmOptions): ResolvedLstmOptions {
  const resolved: ResolvedLstmOptions = {
    ...resolveTrainingOptions(options, LSTM_TRAINING, "lstm"),
    units: options.units ?? 64,
    embeddingSize: options.embeddingSize ?? 32,
    window: options.window
  };
  for (const key of ["window", "units", "embeddingSize"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`lstm ${key} must be a positive integer, got ${resolved[key]}`);
  }
  return resolved;
}

/**
 * Time steps the LSTM runs: the window, but at least 2. TF.js cannot back-propagate through a one-step RNN
 * (its stack gradient throws), so a window-1 model reads [PAD, action]: the PAD step is constant, so the
 * prediction still depends on the last action only.
 */
export function inputSteps(window: number): number {
  return Math.max(window, 2);
}

/**
 * The TF.js model: input [batch, inputSteps(window), size] one-hot, output [batch, size] probabilities.
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
      recurrentInitializer: tf.initializers.glorotUniform({seed: seed + 2}),
      // The logistic sigmoid on the gates, as PyTorch's and Keras' LSTM, rather than tfjs-layers' hardSigmoid
      // default: the same function as the PyTorch peer of the benchmark, and about 20% less epoch time on wasm
      // (hardSigmoid is a multiply, an add and a clip per gate, and its gradient five more ops).
      recurrentActivation: "sigmoid"
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
