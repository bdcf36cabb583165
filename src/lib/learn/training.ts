/**
 * Training-loop logic in the style of Keras callbacks (EarlyStopping with restore_best_weights,
 * ReduceLROnPlateau), as small pure pieces with no TensorFlow in them, so they can be unit-tested and
 * reused by any neural model. Also a seeded random source for reproducible shuffling.
 */

/** What an epoch's monitored value (usually validation loss) means for early stopping. */
export type StoppingVerdict = "improved" | "waiting" | "stop";

/**
 * Early stopping on a value to minimise: stop after `patience` epochs without an improvement larger than
 * `minDelta`. NaN or infinite values never count as improvements.
 * Example: `const s = new EarlyStopping(3); s.update(0.9, 0) // "improved"`
 */
export class EarlyStopping {
  best = Infinity;
  bestEpoch = -1;
  wait = 0;
  constructor(
    readonly patience: number,
    readonly minDelta = 0
  ) {}

  update(value: number, epoch: number): StoppingVerdict {
    if (Number.isFinite(value) && value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return "improved";
    }
    this.wait += 1;
    return this.wait >= this.patience ? "stop" : "waiting";
  }
}

export interface PlateauOptions {
  /** Epochs without improvement before the learning rate is cut. */
  patience: number;
  /** Multiplier applied to the learning rate on a plateau (0 < factor < 1). */
  factor: number;
  /** The learning rate never goes below this. */
  minLearningRate: number;
  /** Smallest decrease that counts as an improvement (Keras default 1e-4). */
  minDelta?: number;
}

/**
 * Reduce the learning rate when a value to minimise stops improving (Keras ReduceLROnPlateau, no cooldown).
 * Example: `const p = new ReduceLrOnPlateau({patience: 2, factor: 0.5, minLearningRate: 1e-5}); lr = p.update(valLoss, lr)`
 */
export class ReduceLrOnPlateau {
  best = Infinity;
  wait = 0;
  readonly minDelta: number;
  constructor(readonly options: PlateauOptions) {
    if (!(options.factor > 0 && options.factor < 1))
      throw new RangeError(`plateau factor must be in (0, 1), got ${options.factor}`);
    this.minDelta = options.minDelta ?? 1e-4;
  }

  /** The learning rate to use for the next epoch, given this epoch's monitored value and learning rate. */
  update(value: number, learningRate: number): number {
    if (Number.isFinite(value) && value < this.best - this.minDelta) {
      this.best = value;
      this.wait = 0;
      return learningRate;
    }
    this.wait += 1;
    if (this.wait < this.options.patience || learningRate <= this.options.minLearningRate) return learningRate;
    this.wait = 0;
    return Math.max(learningRate * this.options.factor, this.options.minLearningRate);
  }
}

/**
 * Seeded uniform random numbers in [0, 1) (mulberry32): the same seed gives the same stream on every host.
 * Example: `const random = seededRandom(42); random() // 0.6011...`
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The integers 0..n-1 in a random order (Fisher-Yates) drawn from `random`. */
export function shuffledIndices(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Yield to the host's event loop (browser or Node) so pages repaint and Stop buttons get their clicks.
 * `setTimeout` is used rather than `tf.nextFrame` because it exists on every host.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
