import {quantileSorted, randomInt, randomLcg} from "d3";
import {checkSameLength} from "./accuracy.js";
import {labelCodes, macroF1OfCodes} from "./labelCodes.js";

export interface BootstrapOptions {
  /** Number of resamples. Default 1000. */
  resamples?: number;
  /** Seed of d3's LCG. Default 42. */
  seed?: number;
  /** Confidence level. Default 0.95. */
  level?: number;
}

export type Interval = [lo: number, hi: number];

export interface BootstrapIntervals {
  accuracy: Interval;
  macroF1: Interval;
  resamples: number;
  level: number;
}

/**
 * Percentile bootstrap confidence intervals of accuracy and macro F1: resample the test items with replacement
 * `resamples` times (seeded) and take the (1-level)/2 and (1+level)/2 quantiles.
 * @example bootstrapIntervals(truth, predicted, {seed: 1}).accuracy // [0.31, 0.37]
 */
export function bootstrapIntervals(
  truth: readonly string[],
  predicted: readonly string[],
  options: BootstrapOptions = {}
): BootstrapIntervals {
  checkSameLength(truth, predicted);
  const {resamples = 1000, seed = 42, level = 0.95} = options;
  const {
    labels,
    codes: [t, p]
  } = labelCodes(truth, predicted);
  const n = truth.length;
  if (n === 0) return {accuracy: [0, 0], macroF1: [0, 0], resamples, level};
  const draw = randomInt.source(randomLcg(seed))(n);
  const accuracies = new Float64Array(resamples);
  const f1s = new Float64Array(resamples);
  const sample = new Int32Array(n);
  for (let r = 0; r < resamples; ++r) {
    let hits = 0;
    for (let s = 0; s < n; ++s) {
      const i = (sample[s] = draw());
      if (t[i] === p[i]) ++hits;
    }
    accuracies[r] = hits / n;
    f1s[r] = macroF1OfCodes(t, p, labels.length, sample);
  }
  return {accuracy: percentileInterval(accuracies, level), macroF1: percentileInterval(f1s, level), resamples, level};
}

/** The central `level` interval of a sample of statistics. */
export function percentileInterval(values: Float64Array, level: number): Interval {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - level) / 2)!, quantileSorted(sorted, (1 + level) / 2)!];
}
