/**
 * GRU next-action model (Cho et al., 2014): action ids -> Embedding -> GRU(units) -> Dense softmax. The LSTM's
 * cousin with one gate fewer (three weight blocks instead of four), so an epoch costs about 3/4 of the LSTM's.
 * @example const model = buildGruModel(vocabulary.actions.length, resolveNetworkOptions("gru", {window: 2}))
 */
import * as tf from "@tensorflow/tfjs";
import type {ResolvedNetworkOptions} from "./networkOptions.js";
import {actionInput, embedding, maybeDropout, softmaxHead} from "./networkInputs.js";

/** The TF.js model: input [batch, inputSteps(window)] int32 ids, output [batch, size] probabilities. */
export function buildGruModel(size: number, options: ResolvedNetworkOptions): tf.LayersModel {
  const {window, embeddingSize, units, dropout, seed} = options;
  const input = actionInput(window);
  const embedded = embedding(size, embeddingSize, seed).apply(input) as tf.SymbolicTensor;
  const state = tf.layers
    .gru({
      name: "gru",
      units,
      kernelInitializer: tf.initializers.glorotUniform({seed: seed + 1}),
      // Glorot rather than orthogonal: tfjs' orthogonal runs a QR factorisation and warns about its slowness.
      recurrentInitializer: tf.initializers.glorotUniform({seed: seed + 2})
    })
    .apply(embedded) as tf.SymbolicTensor;
  const output = softmaxHead(size, seed + 3).apply(maybeDropout(state, dropout, "dropout")) as tf.SymbolicTensor;
  return tf.model({name: "gru_next_action", inputs: input, outputs: output});
}
