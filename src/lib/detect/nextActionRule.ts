/**
 * DeepLog's rule (Du et al., CCS 2017): an action is anomalous when it is not among the model's g most probable
 * next actions for its context, or when its probability is below a threshold. Pure: it reads one probability row.
 */
import {PAD_ID, UNK_ID} from "../learn/vocabulary.js";

export interface NextActionRule {
  /** How many of the most probable actions count as expected (DeepLog: g = 9). */
  topG: number;
  /** Also anomalous when the action's probability is below this (0 turns the test off). Default 0. */
  threshold?: number;
}

export interface NextActionVerdict {
  anomalous: boolean;
  /** How many actions rank strictly before the actual one (0 = the most probable); ties go to the lower id. */
  rank: number;
  probability: number;
  /** The g most probable ids, best first (PAD and UNK are never expected). */
  expected: number[];
}

/**
 * Judges action `actual` against one row of next-action probabilities. An unseen action (UNK) is always
 * anomalous, since a model trained on normal behaviour never predicts it.
 * @example judgeNextAction(Float32Array.of(0, 0, 0.7, 0.2, 0.1), 4, {topG: 2}) // {anomalous: true, rank: 2, probability: 0.1, expected: [2, 3]}
 */
export function judgeNextAction(row: ArrayLike<number>, actual: number, rule: NextActionRule): NextActionVerdict {
  const {topG, threshold = 0} = rule;
  const probability = actual > UNK_ID && actual < row.length ? row[actual] : 0;
  let rank = 0;
  for (let c = UNK_ID + 1; c < row.length; ++c)
    if (c !== actual && (row[c] > probability || (row[c] === probability && c < actual))) ++rank;
  const known = actual > UNK_ID && actual < row.length;
  return {
    anomalous: !known || rank >= topG || probability < threshold,
    rank: known ? rank : row.length,
    probability,
    expected: topIds(row, topG)
  };
}

/**
 * The `g` most probable ids of a row, best first, ties by lower id, PAD and UNK skipped.
 * @example topIds(Float32Array.of(0, 0, 0.2, 0.5, 0.3), 2) // [3, 4]
 */
export function topIds(row: ArrayLike<number>, g: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < row.length; ++c) {
    if (c === PAD_ID || c === UNK_ID) continue;
    // Insertion into a short sorted list: g is small, the vocabulary is not.
    let i = best.length;
    while (i > 0 && row[best[i - 1]] < row[c]) --i;
    if (i < g) {
      best.splice(i, 0, c);
      if (best.length > g) best.pop();
    }
  }
  return best;
}
