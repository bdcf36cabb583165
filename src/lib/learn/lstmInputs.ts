/**
 * What the LSTM reads and is trained against: contexts of action ids as one-hot tensors [rows, steps, size]
 * (PAD first when the window is shorter than the steps), targets as one-hot rows [rows, size].
 * @example oneHotContexts([[2, 3]], Int32Array.of(0), 2, 5).shape // [1, 2, 5]
 */
import * as tf from "@tensorflow/tfjs";
import {PAD_ID} from "./vocabulary.js";
import {inputSteps} from "./lstmModel.js";

/** One-hot input tensor [rows.length, inputSteps(window), size] of the contexts at `rows` (each `window` ids). */
export function oneHotContexts(
  contexts: readonly (readonly number[])[],
  rows: Int32Array,
  window: number,
  size: number
): tf.Tensor3D {
  const steps = inputSteps(window);
  const values = new Float32Array(rows.length * steps * size);
  rows.forEach((row, i) => {
    const context = contexts[row];
    for (let k = 0; k < steps - window; k++) values[(i * steps + k) * size + PAD_ID] = 1;
    for (let k = 0; k < window; k++) values[(i * steps + steps - window + k) * size + checkId(context[k], size)] = 1;
  });
  return tf.tensor3d(values, [rows.length, steps, size]);
}

/** One-hot target tensor [rows.length, size] of the targets at `rows`. */
export function oneHotTargets(targets: readonly number[], rows: Int32Array, size: number): tf.Tensor2D {
  const values = new Float32Array(rows.length * size);
  rows.forEach((row, i) => (values[i * size + checkId(targets[row], size)] = 1));
  return tf.tensor2d(values, [rows.length, size]);
}

/** `id`, or a RangeError when it is not an action id of a model over `size` ids. */
export function checkId(id: number, size: number): number {
  if (!Number.isInteger(id) || id < 0 || id >= size)
    throw new RangeError(`lstm: action id ${id} is outside 0..${size - 1}`);
  return id;
}

/**
 * The last `window` ids of a context; shorter ones are padded with PAD_ID at their start.
 * @example lastWindow([7], 3) // [0, 0, 7]
 */
export function lastWindow(context: readonly number[], window: number): readonly number[] {
  if (context.length === window) return context;
  if (context.length > window) return context.slice(context.length - window);
  return [...new Array<number>(window - context.length).fill(PAD_ID), ...context];
}
