/**
 * How the count models (n-gram, Bayesian network) fit: one counting pass over the windows is their only epoch.
 * Its log holds the training accuracy of the counted model (how often its most probable action, the first one on
 * ties, is the target) and no loss, since nothing is minimised.
 */
import {maxIndex} from "d3";
import type {EpochLog, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {IdWindows} from "./windowFit.js";

/**
 * Run `count()` (which learns `windows`), then log and report the one epoch.
 * @example fitWindows(windows, callbacks) { return fitByCounting(this, windows, () => this.count(windows), callbacks); }
 */
export async function fitByCounting(
  model: Pick<Predictor, "predict">,
  {contexts, targets}: IdWindows,
  count: () => void,
  callbacks?: FitCallbacks
): Promise<FitResult> {
  const started = performance.now();
  count();
  const probabilities = model.predict(contexts);
  let hits = 0;
  for (let i = 0; i < targets.length; ++i) if (maxIndex(probabilities[i]) === targets[i]) ++hits;
  const seconds = (performance.now() - started) / 1000;
  const log: EpochLog = {epoch: 1, loss: NaN, accuracy: targets.length ? hits / targets.length : 0, seconds};
  await callbacks?.onEpochEnd?.(log);
  return {history: [log], seconds};
}
