import type {EpochLog} from "./predictor.js";

/**
 * The epoch whose weights a model keeps: the lowest validation loss (training loss where an epoch has none),
 * the earliest on a tie; undefined for an empty history. A NaN loss wins only when no epoch has a number.
 * @example bestEpoch([{epoch: 1, loss: 0.9, valLoss: 0.8}, {epoch: 2, loss: 0.7, valLoss: 0.85}]) // 1
 */
export function bestEpoch(history: readonly Pick<EpochLog, "epoch" | "loss" | "valLoss">[]): number | undefined {
  let best: number | undefined;
  let lowest = Infinity;
  for (const {epoch, loss, valLoss} of history) {
    const value = valLoss ?? loss;
    if (best !== undefined && !(value < lowest)) continue;
    best = epoch;
    lowest = Number.isNaN(value) ? Infinity : value;
  }
  return best;
}
