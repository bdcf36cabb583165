/**
 * Temporal CNN next-action model (Bai, Kolter and Koltun, 2018): action ids -> Embedding -> `layers` dilated
 * causal convolutions (dilations 1, 2, 4, ..., kernel `kernelSize`, `units` filters, relu, residual connections
 * where the widths agree) -> the last step's features -> Dense softmax. With kernel 2 and L layers the last step
 * sees 2^L actions back, so the default 2 layers cover a window of 4.
 * @example const model = buildTcnModel(vocabulary.actions.length, resolveNetworkOptions("tcn", {window: 4}))
 */
import * as tf from "@tensorflow/tfjs";
import type {ResolvedNetworkOptions} from "./networkOptions.js";
import {LastStep} from "./lastStep.js";
import {actionInput, embedding, maybeDropout, softmaxHead} from "./networkInputs.js";
import {CausalConv1D} from "./causalConv.js";

/** The TF.js model: input [batch, inputSteps(window)] int32 ids, output [batch, size] probabilities. */
export function buildTcnModel(size: number, options: ResolvedNetworkOptions): tf.LayersModel {
  const {window, embeddingSize, units, layers, kernelSize, dropout, seed} = options;
  const input = actionInput(window);
  let x = embedding(size, embeddingSize, seed).apply(input) as tf.SymbolicTensor;
  let width = embeddingSize;
  for (let i = 0; i < layers; i++) {
    const conv = new CausalConv1D({
      name: `causal_conv_${i + 1}`,
      filters: units,
      kernelSize,
      dilation: 2 ** i,
      seed: seed + 1 + i
    }).apply(x) as tf.SymbolicTensor;
    const activated = tf.layers
      .activation({name: `relu_${i + 1}`, activation: "relu"})
      .apply(conv) as tf.SymbolicTensor;
    const residual =
      width === units
        ? (tf.layers.add({name: `residual_${i + 1}`}).apply([x, activated]) as tf.SymbolicTensor)
        : activated;
    x = maybeDropout(residual, dropout, `dropout_${i + 1}`);
    width = units;
  }
  const last = new LastStep({name: "last_step"}).apply(x) as tf.SymbolicTensor;
  const output = softmaxHead(size, seed + 1 + layers).apply(last) as tf.SymbolicTensor;
  return tf.model({name: "tcn_next_action", inputs: input, outputs: output});
}
