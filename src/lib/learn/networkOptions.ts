/**
 * The model zoo's kinds and their settings: every kind reads the ids of the last `window` actions through an
 * Embedding, shares the training settings of trainingOptions.ts (defaults: ZOO_TRAINING) and takes a few
 * architecture settings; each kind uses the ones that apply to it (see docs/models.md, "The model zoo").
 * @example resolveNetworkOptions("gru", {window: 2}).units // 64
 */
import {
  resolveTrainingOptions,
  ZOO_TRAINING,
  type ResolvedTrainingOptions,
  type TrainingOptions
} from "./trainingOptions.js";

/** The zoo's kinds (the LSTM keeps its own module, lstm.ts, for its one-hot input and fast single predictions). */
export type NetworkKind = "gru" | "transformer" | "tcn" | "mlp" | "context";
export const NETWORK_KINDS: readonly NetworkKind[] = ["gru", "transformer", "tcn", "mlp", "context"];

export interface NetworkOptions extends TrainingOptions {
  /** Number of previous actions the model reads. */
  window: number;
  /** Width of the action embedding (the context model: of each attribute's embedding). Default 32. */
  embeddingSize?: number;
  /** Hidden width: GRU state, Transformer feed-forward, TCN filters, MLP hidden layer, context GRU state. Default 64. */
  units?: number;
  /** Depth: Transformer blocks, TCN dilated layers (dilations 1, 2, 4, ...), MLP hidden layers. Default 1, TCN 2. */
  layers?: number;
  /** Transformer attention heads (must divide embeddingSize). Default 2. */
  heads?: number;
  /** TCN kernel size. Default 2. */
  kernelSize?: number;
  /**
   * Dropout rate after the hidden layers. Default 0: TF.js draws dropout masks from Math.random (a fixed seed
   * would repeat one mask), so a rate above 0 makes runs irreproducible.
   */
  dropout?: number;
}

export type ResolvedNetworkOptions = ResolvedTrainingOptions &
  Required<Pick<NetworkOptions, "window" | "embeddingSize" | "units" | "layers" | "heads" | "kernelSize" | "dropout">>;

/**
 * Fill in the defaults of `options` for `kind`; throws a RangeError on sizes that are not positive integers.
 * @example resolveNetworkOptions("tcn", {window: 4}).layers // 2
 */
export function resolveNetworkOptions(kind: NetworkKind, options: NetworkOptions): ResolvedNetworkOptions {
  if (!NETWORK_KINDS.includes(kind)) throw new Error(`unknown network kind "${kind}"`);
  const resolved: ResolvedNetworkOptions = {
    ...resolveTrainingOptions(options, ZOO_TRAINING, kind),
    window: options.window,
    embeddingSize: options.embeddingSize ?? 32,
    units: options.units ?? 64,
    layers: options.layers ?? (kind === "tcn" ? 2 : 1),
    heads: options.heads ?? 2,
    kernelSize: options.kernelSize ?? 2,
    dropout: options.dropout ?? 0
  };
  for (const key of ["window", "embeddingSize", "units", "layers", "heads", "kernelSize"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`${kind} ${key} must be a positive integer, got ${resolved[key]}`);
  }
  if (!(resolved.dropout >= 0 && resolved.dropout < 1))
    throw new RangeError(`${kind} dropout must be in [0, 1), got ${resolved.dropout}`);
  if (kind === "transformer" && resolved.embeddingSize % resolved.heads !== 0)
    throw new RangeError(`transformer heads (${resolved.heads}) must divide embeddingSize (${resolved.embeddingSize})`);
  return resolved;
}
