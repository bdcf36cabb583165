import {checkSameLength} from "./accuracy.js";

/**
 * Fraction of rows whose true class is among the k most probable classes of that row. A truth of -1 (a class
 * the model cannot know) always counts as a miss; classes listed in `ignore` (e.g. PAD, UNK) are never ranked.
 * Ties are broken by the lower class index.
 * @example topKAccuracy([[0.1, 0.6, 0.3]], [2], 2) // 1
 */
export function topKAccuracy(
  probabilities: readonly ArrayLike<number>[],
  truth: readonly number[],
  k: number,
  ignore: readonly number[] = []
): number {
  checkSameLength(probabilities, truth);
  let hits = 0;
  for (let i = 0; i < truth.length; ++i)
    if (truth[i] >= 0 && !ignore.includes(truth[i]) && rankOf(probabilities[i], truth[i], ignore) < k) ++hits;
  return truth.length ? hits / truth.length : 0;
}

/** The k most probable class indices of one row, best first (ties by lower index). */
export function topK(row: ArrayLike<number>, k: number, ignore: readonly number[] = []): number[] {
  const order: number[] = [];
  for (let c = 0; c < row.length; ++c) if (!ignore.includes(c)) order.push(c);
  order.sort((a, b) => row[b] - row[a] || a - b);
  return order.slice(0, k);
}

/**
 * How many classes rank strictly before class `c` in `row` (0 for the top class): higher probabilities, and equal
 * ones of a lower index. Classes in `ignore` are never counted.
 * @example rankOf([0.2, 0.5, 0.2, 0.1], 2) // 2 (class 1 is more probable, class 0 ties and has the lower index)
 */
export function rankOf(row: ArrayLike<number>, c: number, ignore: readonly number[] = []): number {
  let rank = 0;
  const p = row[c];
  for (let j = 0; j < row.length; ++j)
    if (j !== c && !ignore.includes(j) && (row[j] > p || (row[j] === p && j < c))) ++rank;
  return rank;
}
