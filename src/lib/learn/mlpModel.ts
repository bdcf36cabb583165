/**
 * MLP next-action model: action ids -> Embedding -> Flatten (the window's vectors side by side, so position
 * matters) -> `layers` x Dense(units, relu) -> Dense softmax. No recurrence: the cheapest neural baseline.
 * @example const model = buildMlpModel(vocabulary.actions.length, resolveNetworkOptions("mlp", {window: 4}))
 */
import * as tf from "@tensorflow/tfjs";
import type {ResolvedNetworkOptions} from "./networkOptions.js";
import {actionInput, embedding, maybeDropout, softmaxHead} from "./networkInputs.js";

/** The TF.js model: input [batch, inputSteps(window)] int32 ids, output [batch, size] probabilities. */
export function buildMlpModel(size: number, options: ResolvedNetworkOptions): tf.LayersModel {
  const {window, embeddingSize, units, layers, dropout, seed} = options;
  const input = actionInput(window);
  let x = tf.layers
    .flatten({name: "flatten"})
    .apply(embedding(size, embeddingSize, seed).apply(input)) as tf.SymbolicTensor;
  for (let i = 0; i < layers; i++) {
    x = tf.layers
      .dense({
        name: `hidden_${i + 1}`,
        units,
        activation: "relu",
        kernelInitializer: tf.initializers.heUniform({seed: seed + 1 + i})
      })
      .apply(x) as tf.SymbolicTensor;
    x = maybeDropout(x, dropout, `dropout_${i + 1}`);
  }
  const output = softmaxHead(size, seed + 1 + layers).apply(x) as tf.SymbolicTensor;
  return tf.model({name: "mlp_next_action", inputs: input, outputs: output});
}
