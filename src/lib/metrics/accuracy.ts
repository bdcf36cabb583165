/**
 * Fraction of positions where the prediction equals the truth (0 for empty input).
 * @example accuracy(["a", "b", "c"], ["a", "x", "c"]) // 2/3
 */
export function accuracy<T>(truth: readonly T[], predicted: readonly T[]): number {
  checkSameLength(truth, predicted);
  let hits = 0;
  for (let i = 0; i < truth.length; ++i) if (truth[i] === predicted[i]) ++hits;
  return truth.length ? hits / truth.length : 0;
}

export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new Error(`metrics: ${a.length} true labels but ${b.length} predictions`);
}
