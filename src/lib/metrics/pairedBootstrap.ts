import {randomInt, randomLcg} from "d3";
import {checkSameLength} from "./accuracy.js";
import {percentileInterval, type BootstrapOptions, type Interval} from "./bootstrap.js";

export interface PairedBootstrap {
  accuracyA: number;
  accuracyB: number;
  /** accuracyA - accuracyB on the full test set. */
  difference: number;
  /** Percentile interval of the difference over paired resamples. */
  ci: Interval;
  /**
   * Two-sided p-value of "no difference": the share of resampled differences that lie at least |difference| away
   * from the observed one (the bootstrap distribution shifted to the null, Berg-Kirkpatrick et al. 2012).
   */
  pValue: number;
  resamples: number;
}

/**
 * Paired bootstrap comparison of two models' predictions on the same test items: both are resampled with the
 * same indices, so the test items' difficulty cancels out.
 * @example pairedBootstrap(truth, ngramPredictions, bayesPredictions, {seed: 1}).pValue // 0.001
 */
export function pairedBootstrap<T>(
  truth: readonly T[],
  predictedA: readonly T[],
  predictedB: readonly T[],
  options: BootstrapOptions = {}
): PairedBootstrap {
  checkSameLength(truth, predictedA);
  checkSameLength(truth, predictedB);
  const {resamples = 1000, seed = 42, level = 0.95} = options;
  const n = truth.length;
  // Per item: +1 if only A is right, -1 if only B is right, 0 otherwise.
  const delta = new Int8Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; ++i) {
    const ra = predictedA[i] === truth[i];
    const rb = predictedB[i] === truth[i];
    a += +ra;
    b += +rb;
    delta[i] = +ra - +rb;
  }
  const difference = n ? (a - b) / n : 0;
  if (n === 0) return {accuracyA: 0, accuracyB: 0, difference: 0, ci: [0, 0], pValue: 1, resamples};
  const draw = randomInt.source(randomLcg(seed))(n);
  const differences = new Float64Array(resamples);
  let extreme = 0;
  for (let r = 0; r < resamples; ++r) {
    let s = 0;
    for (let k = 0; k < n; ++k) s += delta[draw()];
    differences[r] = s / n;
    if (Math.abs(differences[r] - difference) >= Math.abs(difference) - 1e-12) ++extreme;
  }
  // (extreme + 1) / (resamples + 1) keeps the p-value away from an impossible 0.
  return {
    accuracyA: a / n,
    accuracyB: b / n,
    difference,
    ci: percentileInterval(differences, level),
    pValue: Math.min(1, (extreme + 1) / (resamples + 1)),
    resamples
  };
}
