/**
 * The one interface every next-action model implements (n-gram, Bayesian network, LSTM, the zoo's GRU,
 * Transformer, TCN, MLP and context model, and the actor n-grams), so the command line,
 * the pages and the benchmarks treat them alike. Actions are integer ids into a Vocabulary (see vocabulary.ts).
 * Hosts differ only in how artifact files reach the disk or the browser: a model serialises to a plain
 * map of file name -> contents, which Node writes to `models/<name>/` and a page reads with FileAttachment.
 */
export type ModelKind =
  "ngram" | "bayes" | "lstm" | "gru" | "transformer" | "tcn" | "mlp" | "context" | "actor" | "interp";

/** Files of a model artifact: name -> text (JSON) or bytes (weights). */
export type ArtifactFiles = Record<string, string | Uint8Array>;

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Macro F1 on the validation windows (the TF.js models' training loop, networkFit.ts). */
  valMacroF1?: number;
  learningRate?: number;
  seconds: number;
}

export interface FitCallbacks {
  /** Called after each epoch (neural models) or once (count models). Return false to stop training. */
  onEpochEnd?: (log: EpochLog) => void | boolean | Promise<void | boolean>;
  /** Polled between batches (neural models): true ends training at once, without logging the unfinished epoch. */
  shouldStop?: () => boolean;
}

export interface FitResult {
  history: EpochLog[];
  bestEpoch?: number;
  stoppedEarly?: boolean;
  seconds: number;
}

export interface Predictor {
  readonly kind: ModelKind;
  /** Number of previous actions the model looks at. */
  readonly window: number;
  /** Size of the output distribution (the vocabulary size, special tokens included). */
  readonly size: number;
  /** Learn from sequences of action ids; each sequence is padded at its start by the model's window builder. */
  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult>;
  /** Probability of every action id coming next, for each context (contexts are the last `window` ids, padded). */
  predict(contexts: readonly (readonly number[])[]): Float32Array[];
  /** Serialise weights and config (not the vocabulary: the artifact writer adds it). */
  save(): Promise<ArtifactFiles>;
  /** Release resources (tensors). */
  dispose(): void;
}
