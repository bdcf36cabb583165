/**
 * The Transformer's two custom TF.js layers, registered for serialisation so model.json round-trips:
 * - PositionEmbedding adds a learned vector per time step to its input [batch, steps, width];
 * - CausalSelfAttention is multi-head scaled dot-product self-attention in which step t attends to steps <= t
 *   only (a causal mask), with query, key, value and output projections (Vaswani et al., 2017).
 * tfjs-layers 4.22 has neither. Both are built from matMul, softmax and reshapes, whose gradients the wasm
 * backend has (see wasmKernels.ts for the transposed products).
 * @example const y = new CausalSelfAttention({heads: 2, seed: 1}).apply(x) // x: SymbolicTensor [null, 4, 32]
 */
import * as tf from "@tensorflow/tfjs";

type Config = tf.serialization.ConfigDict;

/** A learned vector per time step, added to the input. */
export class PositionEmbedding extends tf.layers.Layer {
  static readonly className = "PerfspecPositionEmbedding";
  private readonly seed: number;
  private positions?: tf.LayerVariable;

  constructor(config: {seed: number; name?: string}) {
    super(config);
    this.seed = config.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, steps, width] = inputShape as number[];
    this.positions = this.addWeight(
      "positions",
      [steps, width],
      "float32",
      tf.initializers.randomUniform({minval: -0.05, maxval: 0.05, seed: this.seed})
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(single(inputs), this.positions!.read()));
  }

  override getConfig(): Config {
    return {...super.getConfig(), seed: this.seed};
  }
}

/** Multi-head causal self-attention over [batch, steps, width]; the output has the input's shape. */
export class CausalSelfAttention extends tf.layers.Layer {
  static readonly className = "PerfspecCausalSelfAttention";
  private readonly heads: number;
  private readonly seed: number;
  private query?: tf.LayerVariable;
  private key?: tf.LayerVariable;
  private value?: tf.LayerVariable;
  private projection?: tf.LayerVariable;
  private outputBias?: tf.LayerVariable;

  constructor(config: {heads: number; seed: number; name?: string}) {
    super(config);
    this.heads = config.heads;
    this.seed = config.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = (inputShape as number[])[2];
    if (width % this.heads !== 0) throw new Error(`attention: ${this.heads} heads do not divide width ${width}`);
    const matrix = (name: string, offset: number) =>
      this.addWeight(name, [width, width], "float32", tf.initializers.glorotUniform({seed: this.seed + offset}));
    this.query = matrix("query", 0);
    this.key = matrix("key", 1);
    this.value = matrix("value", 2);
    this.projection = matrix("output", 3);
    this.outputBias = this.addWeight("output_bias", [width], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const [batch, steps, width] = x.shape;
      const depth = width / this.heads;
      const flat = tf.reshape(x, [batch * steps, width]);
      // [batch * steps, width] -> [batch, heads, steps, depth]
      const split = (weights: tf.LayerVariable) =>
        tf.transpose(tf.reshape(tf.matMul(flat, weights.read()), [batch, steps, this.heads, depth]), [0, 2, 1, 3]);
      const q = split(this.query!);
      const k = split(this.key!);
      const v = split(this.value!);
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(depth));
      const attention = tf.softmax(tf.add(scores, causalMask(steps)));
      const mixed = tf.reshape(tf.transpose(tf.matMul(attention, v), [0, 2, 1, 3]), [batch * steps, width]);
      return tf.reshape(tf.add(tf.matMul(mixed, this.projection!.read()), this.outputBias!.read()), [
        batch,
        steps,
        width
      ]);
    });
  }

  override getConfig(): Config {
    return {...super.getConfig(), heads: this.heads, seed: this.seed};
  }
}

/**
 * [steps, steps] additive mask: 0 where step j <= step i (row i may look at column j), -1e9 above the diagonal.
 * @example causalMask(2).arraySync() // [[0, -1e9], [0, 0]]
 */
export function causalMask(steps: number): tf.Tensor2D {
  const values = new Float32Array(steps * steps);
  for (let i = 0; i < steps; i++) for (let j = i + 1; j < steps; j++) values[i * steps + j] = -1e9;
  return tf.tensor2d(values, [steps, steps]);
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

tf.serialization.registerClass(PositionEmbedding);
tf.serialization.registerClass(CausalSelfAttention);
