/**
 * Model registry: create or load any Predictor by kind. The LSTM module (and TensorFlow.js with it) is imported
 * only when an LSTM is asked for, so pages that use the count models do not download TF.js.
 */
import type {ArtifactFiles, ModelKind, Predictor} from "./predictor.js";
import type {Vocabulary} from "./vocabulary.js";
import {createNgram, loadNgram} from "./ngram.js";
import {createBayes, loadBayes} from "./bayes.js";

export const MODEL_KINDS: readonly ModelKind[] = ["ngram", "bayes", "lstm"];

export interface ModelSpec {
  kind: ModelKind;
  window: number;
  vocabulary: Vocabulary;
  /** Model-specific settings: ngram {k, beta}; bayes {alpha}; lstm {units, epochs, seed, ...} (see LstmOptions). */
  hyperparameters?: Record<string, unknown>;
}

/**
 * A fresh, untrained model.
 * @example const model = await createModel({kind: "ngram", window: 2, vocabulary})
 */
export async function createModel({kind, window, vocabulary, hyperparameters = {}}: ModelSpec): Promise<Predictor> {
  const size = vocabulary.actions.length;
  switch (kind) {
    case "ngram":
      return createNgram(size, window, hyperparameters as {k?: number; beta?: number});
    case "bayes":
      return createBayes(window, {actions: vocabulary.actions, alpha: hyperparameters.alpha as number | undefined});
    case "lstm": {
      const {createLstm} = await importLstm();
      return createLstm(size, {window, ...hyperparameters} as Parameters<typeof createLstm>[1]);
    }
    default:
      throw new Error(`unknown model kind "${kind}" (expected ${MODEL_KINDS.join(", ")})`);
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
