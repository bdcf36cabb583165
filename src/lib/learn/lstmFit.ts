/**
 * The LSTM's fit: the shared training loop (networkFit.ts) stepping with fusedLstmStep.ts's hand-written gradient
 * and Adam (about 3x faster on wasm than the tape), validating on one-hot contexts (lstmInputs.ts).
 * @example const {history, bestEpoch} = await fitLstm(model, size, resolveLstmOptions({window: 2}), windowsOf(ids, 2))
 */
import type * as tf from "@tensorflow/tfjs";
import type {FitCallbacks, FitResult} from "./predictor.js";
import type {IdWindows} from "./windowFit.js";
import type {ResolvedLstmOptions} from "./lstmModel.js";
import {oneHotContexts} from "./lstmInputs.js";
import {fitNetwork} from "./networkFit.js";
import {fusedLstmTrainer} from "./fusedLstmStep.js";

export {carveValidation} from "./networkFit.js";

/**
 * Train `model` (built for `size` ids by buildLstmModel with `options`) on `windows`, whose contexts hold
 * `options.window` ids. The model ends with the weights of its best epoch.
 */
export function fitLstm(
  model: tf.LayersModel,
  size: number,
  options: ResolvedLstmOptions,
  windows: IdWindows,
  callbacks: FitCallbacks = {}
): Promise<FitResult> {
  const encode = (contexts: readonly (readonly number[])[], rows: Int32Array) =>
    oneHotContexts(contexts, rows, options.window, size);
  const trainer = ({contexts, targets}: IdWindows, classWeights: Float32Array | undefined) =>
    fusedLstmTrainer(model, {window: options.window, contexts, targets, options, classWeights});
  return fitNetwork(model, {size, options, encode, trainer}, windows, callbacks);
}
