/**
 * The LSTM model's forward pass in plain TypeScript over Float32Arrays, for predicting a few contexts at a time.
 * A single prediction through tfjs-layers pays per-op dispatch and tensor allocation (~3 ms on wasm) for a tiny
 * amount of arithmetic; this reads the trained weights once and computes the same function directly:
 *
 *   x_t = projection[id_t]                                   one-hot times a bias-free Dense kernel: a row look-up
 *   z   = x_t · kernel + h · recurrentKernel + bias          gates in Keras order i, f, c, o
 *   i, f, o = recurrentActivation(z_i, z_f, z_o)             tfjs-layers default: hardSigmoid = clip(0.2x + 0.5, 0, 1)
 *   c = f * c + i * activation(z_c);  h = o * activation(c)  default activation: tanh; h, c start at 0
 *   p = softmax(h · output + outputBias)
 *
 * x_t · kernel + bias depends only on the id, so it is computed once per id, on first use. Arithmetic is in
 * float64, TF.js's in float32: outputs agree within ~1e-6 (test/learnInference.test.ts checks 1e-5).
 * Host-neutral (no TF.js at run time: the model is only read through its public layer API).
 *
 * Example:
 *   const forward = LstmForward.fromModel(model); // undefined if the model is not lstmModel.ts's architecture
 *   const [probabilities] = forward!.predict([[PAD_ID, 5]]);
 */
import type * as tf from "@tensorflow/tfjs";
import {PAD_ID} from "./vocabulary.js";

type Activation = (x: number) => number;

/** Activations by tfjs-layers class name (the names layer configs serialise). */
const ACTIVATIONS: Record<string, Activation> = {
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)), // tfjs-layers backend hardSigmoid
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0)
};

export class LstmForward {
  private readonly gates: number;
  /** x · kernel + bias per input id (rows filled on first use, `ready[id]`). */
  private readonly inputGates: Float64Array;
  private readonly ready: Uint8Array;
  private readonly z: Float64Array;
  private readonly h: Float64Array;
  private readonly c: Float64Array;
  private readonly logits: Float64Array;

  constructor(
    /** Vocabulary size: one-hot input width and output width. */
    readonly size: number,
    /** Time steps of the model's input; shorter contexts are PAD-padded at their start. */
    readonly steps: number,
    readonly embeddingSize: number,
    readonly units: number,
    private readonly projection: Float32Array,
    private readonly kernel: Float32Array,
    private readonly recurrentKernel: Float32Array,
    private readonly bias: Float32Array | undefined,
    private readonly output: Float32Array,
    private readonly outputBias: Float32Array | undefined,
    private readonly activation: Activation,
    private readonly recurrentActivation: Activation
  ) {
    this.gates = 4 * units;
    this.inputGates = new Float64Array(size * this.gates);
    this.ready = new Uint8Array(size);
    this.z = new Float64Array(this.gates);
    this.h = new Float64Array(units);
    this.c = new Float64Array(units);
    this.logits = new Float64Array(size);
  }

  /**
   * The forward pass of a TF.js model built by lstmModel.ts's buildLstmModel (Dense without bias -> LSTM -> Dense
   * softmax), with its current weights; undefined for any other architecture or an unsupported activation.
   */
  static fromModel(model: tf.LayersModel): LstmForward | undefined {
    const [projection, lstm, next] = model.layers;
    if (model.layers.length !== 3 || !projection || !lstm || !next) return undefined;
    const p = projection.getConfig();
    const l = lstm.getConfig();
    const n = next.getConfig();
    const supported =
      projection.getClassName() === "Dense" &&
      p.useBias === false &&
      p.activation === "linear" &&
      lstm.getClassName() === "LSTM" &&
      !l.returnSequences &&
      !l.goBackwards &&
      !l.stateful &&
      !l.returnState &&
      typeof l.activation === "string" &&
      l.activation in ACTIVATIONS &&
      typeof l.recurrentActivation === "string" &&
      l.recurrentActivation in ACTIVATIONS &&
      next.getClassName() === "Dense" &&
      n.activation === "softmax";
    if (!supported) return undefined;
    const read = (layer: tf.layers.Layer) =>
      layer.getWeights().map((t) => Float32Array.from(t.dataSync() as Float32Array));
    const [projectionKernel] = read(projection);
    const [kernel, recurrentKernel, bias] = read(lstm);
    const [output, outputBias] = read(next);
    const [size, embeddingSize] = projection.getWeights()[0].shape;
    const steps = model.inputs[0].shape[1];
    const units = l.units as number;
    if (
      typeof steps !== "number" ||
      kernel.length !== embeddingSize * 4 * units ||
      recurrentKernel.length !== units * 4 * units ||
      output.length !== units * size
    )
      return undefined;
    return new LstmForward(
      size,
      steps,
      embeddingSize,
      units,
      projectionKernel,
      kernel,
      recurrentKernel,
      l.useBias === false ? undefined : bias,
      output,
      n.useBias === false ? undefined : outputBias,
      ACTIVATIONS[l.activation as string],
      ACTIVATIONS[l.recurrentActivation as string]
    );
  }

  /** Next-action probabilities for each context (ids in 0..size-1, oldest first, at most `steps` of them). */
  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    return contexts.map((context) => this.predictOne(context));
  }

  private predictOne(context: readonly number[]): Float32Array {
    const {units, gates, z, h, c, recurrentKernel, activation: act, recurrentActivation: ra} = this;
    h.fill(0);
    c.fill(0);
    if (context.length > this.steps)
      throw new RangeError(`lstm forward: context of ${context.length} ids for a model of ${this.steps} steps`);
    for (let t = context.length - this.steps; t < context.length; ++t) {
      z.set(this.inputGatesOf(t < 0 ? PAD_ID : context[t]));
      for (let k = 0; k < units; ++k) {
        const hk = h[k];
        if (hk === 0) continue;
        const row = k * gates;
        for (let j = 0; j < gates; ++j) z[j] += hk * recurrentKernel[row + j];
      }
      for (let j = 0; j < units; ++j) {
        const cj = ra(z[units + j]) * c[j] + ra(z[j]) * act(z[2 * units + j]);
        c[j] = cj;
        h[j] = ra(z[3 * units + j]) * act(cj);
      }
    }
    return this.softmax();
  }

  /** Row `id` of the projection times the LSTM kernel, plus the LSTM bias. */
  private inputGatesOf(id: number): Float64Array {
    const {gates, embeddingSize, kernel, bias} = this;
    const row = this.inputGates.subarray(id * gates, (id + 1) * gates);
    if (this.ready[id]) return row;
    if (bias) row.set(bias);
    for (let e = 0; e < embeddingSize; ++e) {
      const x = this.projection[id * embeddingSize + e];
      const k = e * gates;
      for (let j = 0; j < gates; ++j) row[j] += x * kernel[k + j];
    }
    this.ready[id] = 1;
    return row;
  }

  private softmax(): Float32Array {
    const {size, units, h, output, outputBias, logits} = this;
    if (outputBias) logits.set(outputBias);
    else logits.fill(0);
    for (let k = 0; k < units; ++k) {
      const hk = h[k];
      const row = k * size;
      for (let s = 0; s < size; ++s) logits[s] += hk * output[row + s];
    }
    let max = -Infinity;
    for (let s = 0; s < size; ++s) if (logits[s] > max) max = logits[s];
    let sum = 0;
    for (let s = 0; s < size; ++s) sum += logits[s] = Math.exp(logits[s] - max);
    const out = new Float32Array(size);
    for (let s = 0; s < size; ++s) out[s] = logits[s] / sum;
    return out;
  }
}

/**
 * An LstmForward that follows the model's weights: rebuilt when any weight variable was reassigned since (fit's
 * optimizer steps and setWeights give a variable new data; tensors never change data in place).
 */
export class CachedLstmForward {
  private forward: LstmForward | undefined;
  private version: readonly object[] = [];

  constructor(private readonly model: tf.LayersModel) {}

  /** The forward pass for the current weights; undefined if the model's architecture is not supported. */
  get(): LstmForward | undefined {
    const weights = this.model.getWeights();
    if (weights.length !== this.version.length || weights.some((w, i) => w.dataId !== this.version[i])) {
      this.forward = LstmForward.fromModel(this.model);
      this.version = weights.map((w) => w.dataId);
    }
    return this.forward;
  }
}
