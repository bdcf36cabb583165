/**
 * Looking inside a trained LSTM (lstm.ts): its layers, their weights, and the learned action vectors (rows of
 * the bias-free `projection` kernel, which is the embedding table applied to one-hot inputs). Host-neutral.
 */
import type {LstmPredictor} from "./lstm.js";

export interface LayerSummary {
  name: string;
  /** TF.js layer class, e.g. "Dense", "LSTM". */
  type: string;
  /** Output shape with the batch dimension as null, e.g. [null, 2, 32]. */
  outputShape: (number | null)[];
  parameters: number;
}

/** One row per layer: name, type, output shape and parameter count (as Keras' model.summary()). */
export function layerSummaries(model: LstmPredictor): LayerSummary[] {
  return model.model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: (layer.outputShape as (number | null)[]).slice(),
    parameters: layer.countParams()
  }));
}

export interface LayerWeights {
  layer: string;
  /** Weight name, e.g. "projection/kernel". */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Every weight tensor of every layer, copied out of TF.js. */
export function layerWeights(model: LstmPredictor): LayerWeights[] {
  return model.model.layers.flatMap((layer) =>
    layer.weights.map((w) => {
      const tensor = w.read();
      return {
        layer: layer.name,
        name: w.originalName,
        shape: tensor.shape.slice(),
        values: tensor.dataSync() as Float32Array
      };
    })
  );
}

/**
 * The learned vector of every action id: row `id` of the projection kernel [size, embeddingSize].
 * @example actionVectors(model)[5] // Float32Array(32), the representation of vocabulary.actions[5]
 */
export function actionVectors(model: LstmPredictor): Float32Array[] {
  const kernel = model.model.getLayer("projection").getWeights()[0];
  const [rows, columns] = kernel.shape as [number, number];
  const values = kernel.dataSync() as Float32Array;
  return Array.from({length: rows}, (_, i) => values.slice(i * columns, (i + 1) * columns));
}
