/**
 * Optional extension of Predictor: fitting on ready-made windows rather than on whole sequences.
 * A random split scatters training windows over the stream, so they are not sequences; models that
 * implement `fitWindows` learn exactly those windows (see fitSplit in experiment.ts for the fallback).
 */
import type {FitCallbacks, FitResult, Predictor} from "./predictor.js";

/** Windows as id arrays: contexts hold `window` ids, PAD-padded at the start (same shape as lstm.ts's WindowSet). */
export interface IdWindows {
  contexts: number[][];
  targets: number[];
}

export interface WindowFittable {
  /** Learn from exactly these (context, target) pairs. */
  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult>;
}

/** Whether `model` can fit on windows directly. */
export function canFitWindows(model: Predictor): model is Predictor & WindowFittable {
  return typeof (model as Partial<WindowFittable>).fitWindows === "function";
}
