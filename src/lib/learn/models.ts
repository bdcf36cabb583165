/**
 * Model registry: create or load any Predictor by kind. The neural modules (and TensorFlow.js with them) are
 * imported only when a neural kind is asked for, so pages that use the count models do not download TF.js.
 */
import type {ArtifactFiles, ModelKind, Predictor} from "./predictor.js";
import type {Vocabulary} from "./vocabulary.js";
import {createNgram, loadNgram, type NgramOptions} from "./ngram.js";
import {createBayes, loadBayes, type BayesOptions} from "./bayes.js";
import type {LstmOptions} from "./lstm.js";
import type {NetworkOptions} from "./networkOptions.js";
import {createActorNgram, loadActorNgram, type ActorOptions} from "./actorNgram.js";
import {createInterpolatedActor, loadInterpolatedActor, type InterpolatedOptions} from "./interpolatedActor.js";

export const MODEL_KINDS: readonly ModelKind[] = [
  "ngram",
  "bayes",
  "lstm",
  "gru",
  "transformer",
  "tcn",
  "mlp",
  "context",
  "actor",
  "interp"
];

/** The kinds trained by the TF.js loop (networkFit.ts): they take epochs, units, a seed and the training options. */
export const NEURAL_KINDS: readonly ModelKind[] = ["lstm", "gru", "transformer", "tcn", "mlp", "context"];

/** The settings each kind of model takes (the window and vocabulary come from the experiment). */
export interface HyperparametersOf {
  ngram: NgramOptions;
  bayes: Pick<BayesOptions, "alpha">;
  lstm: Omit<LstmOptions, "window">;
  gru: Omit<NetworkOptions, "window">;
  transformer: Omit<NetworkOptions, "window">;
  tcn: Omit<NetworkOptions, "window">;
  mlp: Omit<NetworkOptions, "window">;
  context: Omit<NetworkOptions, "window">;
  actor: ActorOptions;
  interp: InterpolatedOptions;
}

/**
 * Which model to build, one member per kind, so that `hyperparameters` is checked against that kind's options.
 * @example const choice: ModelChoice = {kind: "lstm", hyperparameters: {units: 32, epochs: 12, seed: 42}}
 */
export type ModelChoice = {[K in ModelKind]: {kind: K; hyperparameters?: HyperparametersOf[K]}}[ModelKind];

/** A model choice with every hyperparameter field present (possibly `{}`), as config.json records it. */
export type ModelParameters = {[K in ModelKind]: {kind: K; hyperparameters: HyperparametersOf[K]}}[ModelKind];

/** A model choice with what it reads: the window and the (training-only) vocabulary. */
export type ModelSpec = ModelChoice & {window: number; vocabulary: Vocabulary};

/**
 * A fresh, untrained model.
 * @example const model = await createModel({kind: "ngram", window: 2, vocabulary})
 */
export async function createModel(spec: ModelSpec): Promise<Predictor> {
  const {window, vocabulary} = spec;
  const size = vocabulary.actions.length;
  switch (spec.kind) {
    case "ngram":
      return createNgram(size, window, spec.hyperparameters);
    case "bayes":
      return createBayes(window, {actions: vocabulary.actions, alpha: spec.hyperparameters?.alpha});
    case "lstm": {
      const {createLstm} = await importLstm();
      return createLstm(size, {window, ...spec.hyperparameters});
    }
    case "gru":
    case "transformer":
    case "tcn":
    case "mlp":
      return (await importNetwork()).createNetwork(spec.kind, size, {window, ...spec.hyperparameters});
    case "context":
      return (await importContext()).createContextModel(vocabulary.actions, {window, ...spec.hyperparameters});
    case "actor":
      return createActorNgram(size, window, spec.hyperparameters);
    case "interp":
      return createInterpolatedActor(size, window, spec.hyperparameters);
    default:
      throw new Error(`unknown model kind "${(spec as {kind: unknown}).kind}" (expected ${MODEL_KINDS.join(", ")})`);
  }
}

/** A trained model from its artifact files (weights only; use readArtifact to verify the artifact first). */
export async function loadModel(kind: ModelKind, files: ArtifactFiles): Promise<Predictor> {
  switch (kind) {
    case "ngram":
      return loadNgram(files);
    case "bayes":
      return loadBayes(files);
    case "lstm":
      return (await importLstm()).loadLstm(files);
    case "gru":
    case "transformer":
    case "tcn":
    case "mlp":
      return (await importNetwork()).loadNetwork(kind, files);
    case "context":
      return (await importContext()).loadContextModel(files);
    case "actor":
      return loadActorNgram(files);
    case "interp":
      return loadInterpolatedActor(files);
    default:
      throw new Error(`unknown model kind "${kind}" (expected ${MODEL_KINDS.join(", ")})`);
  }
}

async function importLstm(): Promise<typeof import("./lstm.js")> {
  try {
    return await import("./lstm.js");
  } catch (error) {
    throw new Error(
      `the LSTM model is not available: src/lib/learn/lstm.ts could not be loaded (${(error as Error).message})`,
      {cause: error}
    );
  }
}

async function importNetwork(): Promise<typeof import("./network.js")> {
  return importNeural(() => import("./network.js"), "src/lib/learn/network.ts");
}

async function importContext(): Promise<typeof import("./contextModel.js")> {
  return importNeural(() => import("./contextModel.js"), "src/lib/learn/contextModel.ts");
}

async function importNeural<T>(load: () => Promise<T>, file: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new Error(`the model is not available: ${file} could not be loaded (${(error as Error).message})`, {
      cause: error
    });
  }
}
