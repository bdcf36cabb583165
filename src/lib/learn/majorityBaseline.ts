/**
 * The floor every model must clear: always predict the action that most often came next in training (top-5:
 * the five most frequent). On the held-out windows, with the same bootstrap interval as the models.
 */
import {rollups, descending} from "d3";
import {bootstrapIntervals, type Interval} from "../metrics/bootstrap.js";
import type {ActionWindow} from "./windows.js";

export interface MajorityBaseline {
  /** The training part's most frequent next actions, most frequent first (five at most). */
  top: string[];
  n: number;
  accuracy: number;
  top5: number;
  ci: {accuracy: Interval};
}

/** @example majorityBaseline(split.trainWindows, split.testWindows.map((w) => w.target)).accuracy // 0.17 */
export function majorityBaseline(
  trainWindows: readonly Pick<ActionWindow, "target">[],
  testTargets: readonly string[],
  {seed = 42, resamples = 1000} = {}
): MajorityBaseline {
  const counts = rollups(
    trainWindows,
    (v) => v.length,
    (w) => w.target
  ).sort((a, b) => descending(a[1], b[1]) || (a[0] < b[0] ? -1 : 1));
  const top = counts.slice(0, 5).map(([action]) => action);
  const n = testTargets.length;
  const first = top[0] ?? "";
  const hits = testTargets.filter((t) => t === first).length;
  const inTop5 = testTargets.filter((t) => top.includes(t)).length;
  const {accuracy} = bootstrapIntervals(
    testTargets,
    testTargets.map(() => first),
    {seed, resamples}
  );
  return {top, n, accuracy: n ? hits / n : 0, top5: n ? inTop5 / n : 0, ci: {accuracy}};
}
