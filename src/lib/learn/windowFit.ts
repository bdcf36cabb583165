/**
 * Optional extension of Predictor: fitting on ready-made windows rather than on whole sequences.
 * A random split scatters training windows over the stream, so they are not sequences; models that
 * implement `fitWindows` learn exactly those windows (see fitSplit in experiment.ts for the fallback).
 */
import type {FitCallbacks, FitResult, Predictor} from "./predictor.js";

export interface WindowFittable {
  /** Learn from (context, target) pairs; contexts hold `window` ids, PAD-padded at the start. */
  fitWindows(contexts: readonly (readonly number[])[], targets: readonly number[], callbacks?: FitCallbacks): Promise<FitResult>;
}

/** Whether `model` can fit on windows directly. */
export function canFitWindows(model: Predictor): model is Predictor & WindowFittable {
  return typeof (model as Partial<WindowFittable>).fitWindows === "function";
}
