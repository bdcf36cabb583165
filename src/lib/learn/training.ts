/**
 * Training-loop logic in the style of Keras callbacks (EarlyStopping with restore_best_weights,
 * ReduceLROnPlateau), as small pure pieces with no TensorFlow in them, so they can be unit-tested and
 * reused by any neural model. (Seeded shuffling is d3's: `shuffler(randomLcg(seed))`.)
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
 * Yield to the host's event loop (browser or Node) so pages repaint and Stop buttons get their clicks.
 * `setTimeout` is used rather than `tf.nextFrame` because it exists on every host.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface CosineSchedule {
  /** The peak learning rate, reached at the end of the warm-up. */
  base: number;
  /** Optimizer steps of linear warm-up from base / warmupSteps up to base (0: none). */
  warmupSteps: number;
  /** All optimizer steps of the run (warm-up included). */
  totalSteps: number;
  /** The rate the cosine decays to at the last step. */
  min: number;
}

/**
 * Learning rate at optimizer step `step` (0-based): linear warm-up, then cosine decay from `base` to `min`.
 * @example cosineLearningRate(0, {base: 0.01, warmupSteps: 10, totalSteps: 100, min: 0}) // 0.001
 */
export function cosineLearningRate(step: number, {base, warmupSteps, totalSteps, min}: CosineSchedule): number {
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps - 1);
  const progress = Math.min(1, (step - warmupSteps) / span);
  return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/**
 * Keras' "balanced" class weights over `size` classes: n / (classes present * count), 0 for absent classes, so
 * every class present weighs the same in the loss however rare it is.
 * @example balancedClassWeights([2, 2, 2, 3], 4) // Float32Array [0, 0, 0.6666667, 2]
 */
export function balancedClassWeights(targets: ArrayLike<number>, size: number): Float32Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < targets.length; i++) counts[targets[i]] += 1;
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(counts, (c) => (c > 0 ? targets.length / (present * c) : 0));
}
