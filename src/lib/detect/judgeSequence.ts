/** DeepLog's rule applied along a whole session: every action judged against the model's view of its context. */
import type {Predictor} from "../learn/predictor.js";
import {idWindows} from "../learn/windows.js";
import {judgeNextAction, type NextActionRule, type NextActionVerdict} from "./nextActionRule.js";

/**
 * One verdict per action of `sequence` (ids), each against the model's prediction from the `window` previous
 * ids, PAD-padded at the session start as in training. One predict() call per session.
 * @example judgeSequence(model, [2, 3, 4], {topG: 9}).map((v) => v.anomalous) // [false, false, true]
 */
export function judgeSequence(
  model: Predictor,
  sequence: readonly number[],
  rule: NextActionRule
): NextActionVerdict[] {
  if (sequence.length === 0) return [];
  const {contexts} = idWindows(sequence, model.window);
  const rows = model.predict(contexts);
  return rows.map((row, i) => judgeNextAction(row, sequence[i], rule));
}
