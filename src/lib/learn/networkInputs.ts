/**
 * What the zoo's models read: the ids of the last actions as an int32 tensor [rows, inputSteps(window)] (PAD
 * first when the window is shorter than the steps), embedded by an Embedding layer; and the softmax head they
 * all end with.
 * @example idContexts([[2, 3]], Int32Array.of(0), 2, 5).arraySync() // [[2, 3]]
 */
import * as tf from "@tensorflow/tfjs";
import {PAD_ID} from "./vocabulary.js";
import {inputSteps} from "./lstmModel.js";
import {checkId} from "./lstmInputs.js";

/** Int32 tensor [rows.length, inputSteps(window)] of the contexts at `rows` (each `window` ids). */
export function idContexts(
  contexts: readonly (readonly number[])[],
  rows: Int32Array,
  window: number,
  size: number
): tf.Tensor2D {
  const steps = inputSteps(window);
  const values = new Int32Array(rows.length * steps).fill(PAD_ID);
  rows.forEach((row, i) => {
    const context = contexts[row];
    for (let k = 0; k < window; k++) values[i * steps + steps - window + k] = checkId(context[k], size);
  });
  return tf.tensor2d(values, [rows.length, steps], "int32");
}

/** The int32 input of `window` action ids (inputSteps(window) steps). */
export function actionInput(window: number, name = "actions"): tf.SymbolicTensor {
  return tf.input({shape: [inputSteps(window)], dtype: "int32", name});
}

/** An Embedding of `size` ids to `width` (Keras' uniform initialiser, seeded). */
export function embedding(size: number, width: number, seed: number, name = "embedding"): tf.layers.Layer {
  return tf.layers.embedding({
    name,
    inputDim: size,
    outputDim: width,
    embeddingsInitializer: tf.initializers.randomUniform({minval: -0.05, maxval: 0.05, seed})
  });
}

/** Dense softmax over `size` ids, the last layer of every kind. */
export function softmaxHead(size: number, seed: number): tf.layers.Layer {
  return tf.layers.dense({
    name: "next",
    units: size,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({seed})
  });
}

/** Dropout after a hidden layer, or nothing at rate 0 (the default: see NetworkOptions.dropout). */
export function maybeDropout(x: tf.SymbolicTensor, rate: number, name: string): tf.SymbolicTensor {
  return rate > 0 ? (tf.layers.dropout({rate, name}).apply(x) as tf.SymbolicTensor) : x;
}
