/**
 * A dilated causal 1-D convolution as a custom TF.js layer (the temporal CNN's building block, Bai et al. 2018):
 * output step t sees input steps t, t - d, ..., t - (k - 1) d only, zeros before the start. Written as k shifted
 * matrix products rather than tf.layers.conv1d because the wasm backend has no Conv2DBackpropFilter kernel,
 * so conv1d cannot train there. Registered for serialisation.
 * @example const y = new CausalConv1D({filters: 64, kernelSize: 2, dilation: 2, seed: 1}).apply(x) // [null, steps, 64]
 */
import * as tf from "@tensorflow/tfjs";

export class CausalConv1D extends tf.layers.Layer {
  static readonly className = "PerfspecCausalConv1D";
  private readonly filters: number;
  private readonly kernelSize: number;
  private readonly dilation: number;
  private readonly seed: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(config: {filters: number; kernelSize: number; dilation: number; seed: number; name?: string}) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.dilation = config.dilation;
    this.seed = config.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as number[])[2];
    this.kernel = this.addWeight(
      "kernel",
      [this.kernelSize, channels, this.filters],
      "float32",
      tf.initializers.glorotUniform({seed: this.seed})
    );
    this.bias = this.addWeight("bias", [this.filters], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, steps] = inputShape as number[];
    return [batch, steps, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, steps, channels] = x.shape;
      const kernels = tf.unstack(this.kernel!.read());
      let sum: tf.Tensor | undefined;
      for (let j = 0; j < this.kernelSize; j++) {
        const shift = j * this.dilation;
        if (shift >= steps) break;
        // Step t reads step t - shift: pad `shift` zero steps at the start, keep the first `steps`.
        const shifted =
          shift === 0
            ? x
            : tf.slice(
                tf.pad(x, [
                  [0, 0],
                  [shift, 0],
                  [0, 0]
                ]),
                [0, 0, 0],
                [batch, steps, channels]
              );
        const term = tf.matMul(tf.reshape(shifted, [batch * steps, channels]), kernels[j]);
        sum = sum ? tf.add(sum, term) : term;
      }
      return tf.reshape(tf.add(sum!, this.bias!.read()), [batch, steps, this.filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilation: this.dilation,
      seed: this.seed
    };
  }
}

tf.serialization.registerClass(CausalConv1D);
