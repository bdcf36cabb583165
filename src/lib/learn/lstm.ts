/**
 * LSTM next-action model (the neural model of the PerfSPEC learning phase): the Predictor that ties together
 * lstmModel.ts (options and the pure builder), lstmFit.ts (the training loop), lstmArtifact.ts (save and load)
 * and lstmForward.ts (a plain forward pass for a few contexts). Host-neutral: no module here picks a TF.js
 * backend (Node: src/node/tfBackend.ts; pages set up their own).
 *
 * Example:
 *   const model = createLstm(vocabulary.actions.length, {window: 2, seed: 1});
 *   const {history} = await model.fit([ids], {onEpochEnd: (log) => console.log(log)});
 *   const [probabilities] = model.predict([[PAD_ID, ids[0]]]);
 */
import * as tf from "@tensorflow/tfjs";
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {IdWindows} from "./windowFit.js";
import {idWindowsOfSequences} from "./windows.js";
import {CachedLstmForward} from "./lstmForward.js";
import {buildLstmModel, resolveLstmOptions, type LstmOptions, type ResolvedLstmOptions} from "./lstmModel.js";
import {checkId, lastWindow, oneHotContexts} from "./lstmInputs.js";
import {fitLstm} from "./lstmFit.js";
import {lstmArtifactFiles, readLstmArtifact} from "./lstmArtifact.js";

export {
  buildLstmModel,
  inputSteps,
  resolveLstmOptions,
  type LstmOptions,
  type ResolvedLstmOptions
} from "./lstmModel.js";

/** Windows for next-action training: each context holds the `window` ids before its target. */
export type WindowSet = IdWindows;

/** An LSTM Predictor that can also be fitted on precomputed windows and exposes its TF.js model. */
export interface LstmPredictor extends Predictor {
  readonly kind: "lstm";
  readonly options: ResolvedLstmOptions;
  readonly model: tf.LayersModel;
  fitWindows(windows: WindowSet, callbacks?: FitCallbacks): Promise<FitResult>;
}

const PREDICT_BATCH = 512;
/** Up to this many contexts, predict() runs lstmForward.ts's plain forward pass instead of TF.js (per-call overhead). */
const FAST_PREDICT_MAX = 16;

/**
 * Sliding windows over id sequences (windows.ts's builder, shared with the other models): for every position,
 * the previous `window` ids (PAD_ID before the sequence start) and the id there. Example:
 * `windowsOf([[5, 6, 7]], 2)` -> `{contexts: [[0, 0], [0, 5], [5, 6]], targets: [5, 6, 7]}`.
 */
export function windowsOf(sequences: readonly (readonly number[])[], window: number): WindowSet {
  return idWindowsOfSequences(sequences, window);
}

/** A new, untrained LSTM predictor over `size` action ids (the vocabulary size, PAD and UNK included). */
export function createLstm(size: number, options: LstmOptions): LstmPredictor {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`lstm size must be an integer >= 2, got ${size}`);
  const resolved = resolveLstmOptions(options);
  return new Lstm(size, resolved, buildLstmModel(size, resolved));
}

/**
 * Rebuild a predictor saved by `save()`: model.json (TF.js layers format), weights.bin and lstm.json.
 * Throws an Error naming the problem when a file is missing, not JSON, or weights.bin has the wrong length.
 */
export async function loadLstm(files: ArtifactFiles): Promise<LstmPredictor> {
  const {model, size, options} = await readLstmArtifact(files);
  return new Lstm(size, options, model);
}

class Lstm implements LstmPredictor {
  readonly kind = "lstm";
  readonly window: number;
  private fast: CachedLstmForward | undefined;

  constructor(
    readonly size: number,
    readonly options: ResolvedLstmOptions,
    readonly model: tf.LayersModel
  ) {
    this.window = options.window;
  }

  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(windowsOf(sequences, this.window), callbacks);
  }

  fitWindows(windows: WindowSet, callbacks?: FitCallbacks): Promise<FitResult> {
    return fitLstm(this.model, this.size, this.options, windows, callbacks);
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const {window, size} = this;
    const forward =
      contexts.length <= FAST_PREDICT_MAX ? (this.fast ??= new CachedLstmForward(this.model)).get() : undefined;
    if (forward) return forward.predict(contexts.map((c) => lastWindow(c, window).map((id) => checkId(id, size))));
    const out: Float32Array[] = [];
    for (let start = 0; start < contexts.length; start += PREDICT_BATCH) {
      const chunk = contexts.slice(start, start + PREDICT_BATCH).map((c) => lastWindow(c, window));
      const rows = Int32Array.from(chunk.keys());
      const probabilities = tf.tidy(
        () => (this.model.predict(oneHotContexts(chunk, rows, window, size)) as tf.Tensor).dataSync() as Float32Array
      );
      for (let i = 0; i < chunk.length; i++) out.push(probabilities.slice(i * size, (i + 1) * size));
    }
    return out;
  }

  save(): Promise<ArtifactFiles> {
    return lstmArtifactFiles(this.model, this.size, this.options);
  }

  dispose(): void {
    this.model.dispose();
  }
}
