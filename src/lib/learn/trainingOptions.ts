/**
 * The settings of the one training loop every TF.js model kind goes through (networkFit.ts), with their defaults
 * and checks. Each kind adds its architecture settings to these (lstmModel.ts, networkOptions.ts).
 * @example resolveTrainingOptions({epochs: 5}, LSTM_TRAINING).schedule // "plateau"
 */
export interface TrainingOptions {
  /** Maximum number of epochs. */
  epochs?: number;
  batchSize?: number;
  /** Adam's initial (peak, with warm-up) learning rate. */
  learningRate?: number;
  /** Part of the training windows held out for validation (early stopping, LR schedule, best epoch); 0 disables it. */
  validationFraction?: number;
  /**
   * Which training windows validate: "random" (seeded) or "last" (the chronologically last ones, like Keras'
   * validation_split). On the PerfSPEC sequence the last slice holds many actions the rest never shows, so
   * "last" stops training after the first epoch (see docs/lstm.md). Either way the test part is never used.
   */
  validationSplit?: "random" | "last";
  /** Early stopping: epochs without an improvement of the monitored value before training stops. */
  patience?: number;
  /** What early stopping and the best-epoch restore watch: validation loss (lower is better) or macro F1 (higher). */
  monitor?: "valLoss" | "macroF1";
  /** "plateau": Keras' ReduceLROnPlateau on the monitored value; "cosine": warm-up then cosine decay per step. */
  schedule?: "plateau" | "cosine";
  /** Epochs of linear learning-rate warm-up at the start (cosine schedule). */
  warmupEpochs?: number;
  /** Plateau schedule: epochs without improvement before the rate is multiplied by plateauFactor. */
  plateauPatience?: number;
  plateauFactor?: number;
  /** The learning rate never goes below this (plateau), and the cosine decays to it. */
  minLearningRate?: number;
  /** Clip the gradients' global norm to this before each step; 0 disables clipping. */
  clipNorm?: number;
  /** "balanced": weight each class's loss by n / (classes * count) of the training windows; "none": plain mean. */
  classWeights?: "none" | "balanced";
  /** Seeds the weight initialisers, the validation carve and the shuffling. */
  seed?: number;
}

export type ResolvedTrainingOptions = Required<TrainingOptions>;

/** The LSTM's defaults (those it has always had: plateau schedule, no clipping, no class weights). */
export const LSTM_TRAINING: ResolvedTrainingOptions = {
  epochs: 30,
  batchSize: 64,
  learningRate: 0.005,
  validationFraction: 0.1,
  validationSplit: "random",
  patience: 5,
  monitor: "valLoss",
  schedule: "plateau",
  warmupEpochs: 0,
  plateauPatience: 2,
  plateauFactor: 0.5,
  minLearningRate: 1e-5,
  clipNorm: 0,
  classWeights: "none",
  seed: 42
};

/** The zoo's defaults (GRU, Transformer, TCN, MLP, context): one warm-up epoch, cosine decay, clipping at norm 1. */
export const ZOO_TRAINING: ResolvedTrainingOptions = {
  ...LSTM_TRAINING,
  schedule: "cosine",
  warmupEpochs: 1,
  clipNorm: 1
};

export const TRAINING_KEYS = Object.keys(LSTM_TRAINING) as (keyof TrainingOptions)[];

/**
 * `options` over `defaults` (undefined fields take the default); throws a RangeError naming a bad value.
 * @example resolveTrainingOptions({clipNorm: 5}, ZOO_TRAINING).clipNorm // 5
 */
export function resolveTrainingOptions(
  options: TrainingOptions,
  defaults: ResolvedTrainingOptions,
  kind = "model"
): ResolvedTrainingOptions {
  const resolved = {...defaults};
  for (const key of TRAINING_KEYS) {
    const value = options[key];
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  for (const key of ["epochs", "batchSize"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`${kind} ${key} must be a positive integer, got ${resolved[key]}`);
  }
  if (!(resolved.validationFraction >= 0 && resolved.validationFraction < 1))
    throw new RangeError(`${kind} validationFraction must be in [0, 1), got ${resolved.validationFraction}`);
  if (!(resolved.learningRate > 0))
    throw new RangeError(`${kind} learningRate must be > 0, got ${resolved.learningRate}`);
  if (!(resolved.clipNorm >= 0)) throw new RangeError(`${kind} clipNorm must be >= 0, got ${resolved.clipNorm}`);
  if (!Number.isInteger(resolved.warmupEpochs) || resolved.warmupEpochs < 0)
    throw new RangeError(`${kind} warmupEpochs must be an integer >= 0, got ${resolved.warmupEpochs}`);
  const choices = {
    monitor: ["valLoss", "macroF1"],
    schedule: ["plateau", "cosine"],
    classWeights: ["none", "balanced"],
    validationSplit: ["random", "last"]
  } as const;
  for (const [key, allowed] of Object.entries(choices)) {
    const value = resolved[key as keyof typeof choices];
    if (!(allowed as readonly string[]).includes(value))
      throw new RangeError(`${kind} ${key} must be one of ${allowed.join(", ")}, got ${value}`);
  }
  return resolved;
}
