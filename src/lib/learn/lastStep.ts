/**
 * A custom TF.js layer keeping the last time step of [batch, steps, width] as [batch, width]: the features a
 * causal model (Transformer, TCN) predicts the next action from. tfjs-layers has no Cropping1D. Registered for
 * serialisation.
 * @example const last = new LastStep({name: "last_step"}).apply(x) // [null, steps, 32] -> [null, 32]
 */
import * as tf from "@tensorflow/tfjs";

export class LastStep extends tf.layers.Layer {
  static readonly className = "PerfspecLastStep";

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, , width] = inputShape as number[];
    return [batch, width];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, steps, width] = x.shape;
      return tf.reshape(tf.slice(x, [0, steps - 1, 0], [batch, 1, width]), [batch, width]);
    });
  }
}

tf.serialization.registerClass(LastStep);
