/**
 * The zoo's Predictor: one class for every TF.js kind that reads action ids (GRU, Transformer, TCN, MLP), over
 * each kind's pure builder, the shared training loop (networkFit.ts) and artifact files (networkArtifact.ts).
 * Host-neutral: no module here picks a TF.js backend.
 *
 * Example:
 *   const model = createNetwork("transformer", vocabulary.actions.length, {window: 4, seed: 1});
 *   await model.fit([ids]);
 *   const [probabilities] = model.predict([[PAD_ID, PAD_ID, 5, 6]]);
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {IdWindows} from "./windowFit.js";
import {idWindowsOfSequences} from "./windows.js";
import {lastWindow} from "./lstmInputs.js";
import {idContexts} from "./networkInputs.js";
import {fitNetwork} from "./networkFit.js";
import {
  resolveNetworkOptions,
  type NetworkKind,
  type NetworkOptions,
  type ResolvedNetworkOptions
} from "./networkOptions.js";
import {networkArtifactFiles, readNetworkArtifact} from "./networkArtifact.js";
import {buildGruModel} from "./gruModel.js";
import {buildTransformerModel} from "./transformerModel.js";
import {buildTcnModel} from "./tcnModel.js";
import {buildMlpModel} from "./mlpModel.js";

export type SequenceKind = Exclude<NetworkKind, "context">;

/** The pure builder of each kind that reads action ids only. */
export const NETWORK_BUILDERS: Record<SequenceKind, (size: number, options: ResolvedNetworkOptions) => tf.LayersModel> =
  {
    gru: buildGruModel,
    transformer: buildTransformerModel,
    tcn: buildTcnModel,
    mlp: buildMlpModel
  };

const PREDICT_BATCH = 512;

export interface NetworkPredictor extends Predictor {
  readonly kind: SequenceKind;
  readonly options: ResolvedNetworkOptions;
  readonly model: tf.LayersModel;
  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult>;
}

/** A new, untrained model of `kind` over `size` action ids (the vocabulary size, PAD and UNK included). */
export function createNetwork(kind: SequenceKind, size: number, options: NetworkOptions): NetworkPredictor {
  if (!(kind in NETWORK_BUILDERS)) throw new Error(`unknown network kind "${kind}"`);
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`${kind} size must be an integer >= 2, got ${size}`);
  const resolved = resolveNetworkOptions(kind, options);
  return new NetworkModel(kind, size, resolved, NETWORK_BUILDERS[kind](size, resolved));
}

/** A trained model of `kind` from files written by save(); refuses another kind's or a damaged artifact. */
export async function loadNetwork(kind: SequenceKind, files: ArtifactFiles): Promise<NetworkPredictor> {
  const {model, size, options} = await readNetworkArtifact(files, kind);
  return new NetworkModel(kind, size, options, model);
}

class NetworkModel implements NetworkPredictor {
  readonly window: number;

  constructor(
    readonly kind: SequenceKind,
    readonly size: number,
    readonly options: ResolvedNetworkOptions,
    readonly model: tf.LayersModel
  ) {
    this.window = options.window;
  }

  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(idWindowsOfSequences(sequences, this.window), callbacks);
  }

  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    const {size, options} = this;
    const encode = (contexts: readonly (readonly number[])[], rows: Int32Array) =>
      idContexts(contexts, rows, options.window, size);
    return fitNetwork(this.model, {size, options, encode}, windows, callbacks);
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const {window, size} = this;
    const out: Float32Array[] = [];
    for (let start = 0; start < contexts.length; start += PREDICT_BATCH) {
      const chunk = contexts.slice(start, start + PREDICT_BATCH).map((c) => lastWindow(c, window));
      const rows = Int32Array.from(chunk.keys());
      const probabilities = tf.tidy(
        () => (this.model.predict(idContexts(chunk, rows, window, size)) as tf.Tensor).dataSync() as Float32Array
      );
      for (let i = 0; i < chunk.length; i++) out.push(probabilities.slice(i * size, (i + 1) * size));
    }
    return out;
  }

  save(): Promise<ArtifactFiles> {
    return networkArtifactFiles(this.model, this.kind, this.size, this.options);
  }

  dispose(): void {
    this.model.dispose();
  }
}
