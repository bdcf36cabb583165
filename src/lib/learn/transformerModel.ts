/**
 * Small causal Transformer next-action model (a GPT-style decoder): action ids -> Embedding + learned position
 * embedding -> `layers` pre-norm blocks [x + attention(LayerNorm(x)) with a causal mask and `heads` heads;
 * x + FeedForward(LayerNorm(x)), Dense(units, relu) -> Dense(embeddingSize)] -> LayerNorm -> the last step ->
 * Dense softmax. The custom layers are in causalAttention.ts.
 * @example const model = buildTransformerModel(vocabulary.actions.length, resolveNetworkOptions("transformer", {window: 4}))
 */
import * as tf from "@tensorflow/tfjs";
import type {ResolvedNetworkOptions} from "./networkOptions.js";
import {LastStep} from "./lastStep.js";
import {actionInput, embedding, maybeDropout, softmaxHead} from "./networkInputs.js";
import {CausalSelfAttention, PositionEmbedding} from "./causalAttention.js";

/** The TF.js model: input [batch, inputSteps(window)] int32 ids, output [batch, size] probabilities. */
export function buildTransformerModel(size: number, options: ResolvedNetworkOptions): tf.LayersModel {
  const {window, embeddingSize, units, layers, heads, dropout, seed} = options;
  const input = actionInput(window);
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  let x = apply(embedding(size, embeddingSize, seed), input);
  x = apply(new PositionEmbedding({name: "position", seed: seed + 1}), x);
  for (let b = 1; b <= layers; b++) {
    const s = seed + 10 * b;
    const attended = apply(
      new CausalSelfAttention({name: `attention_${b}`, heads, seed: s}),
      apply(tf.layers.layerNormalization({name: `norm_attention_${b}`}), x)
    );
    x = apply(tf.layers.add({name: `residual_attention_${b}`}), [
      x,
      maybeDropout(attended, dropout, `dropout_attention_${b}`)
    ]);
    const hidden = apply(
      tf.layers.dense({
        name: `feed_forward_${b}`,
        units,
        activation: "relu",
        kernelInitializer: tf.initializers.heUniform({seed: s + 5})
      }),
      apply(tf.layers.layerNormalization({name: `norm_feed_forward_${b}`}), x)
    );
    const back = apply(
      tf.layers.dense({
        name: `feed_forward_out_${b}`,
        units: embeddingSize,
        kernelInitializer: tf.initializers.glorotUniform({seed: s + 6})
      }),
      hidden
    );
    x = apply(tf.layers.add({name: `residual_feed_forward_${b}`}), [
      x,
      maybeDropout(back, dropout, `dropout_feed_forward_${b}`)
    ]);
  }
  x = apply(tf.layers.layerNormalization({name: "norm_final"}), x);
  const output = apply(softmaxHead(size, seed + 2), apply(new LastStep({name: "last_step"}), x));
  return tf.model({name: "transformer_next_action", inputs: input, outputs: output});
}
