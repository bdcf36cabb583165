import type {ConfusionMatrix} from "./confusionMatrix.js";

/** Label that collects every class outside the kept ones. */
export const OTHER = "(other)";

/**
 * The confusion matrix restricted to the `top` most frequent true labels (ties by label), every other label of
 * either axis folded into OTHER, so a heatmap of a 200-class problem stays legible. Counts are preserved.
 * @example foldConfusion(confusion, 12).labels // ["get_pods", ..., "(other)"]
 */
export function foldConfusion({labels, matrix}: ConfusionMatrix, top: number): ConfusionMatrix {
  const support = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const kept = labels
    .map((label, i) => ({label, i, n: support[i]}))
    .filter((d) => d.n > 0)
    .sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .slice(0, top);
  const position = new Map(kept.map((d, j) => [d.i, j]));
  const other = kept.length;
  const folded = kept.length < labels.length;
  const size = kept.length + (folded ? 1 : 0);
  const out = Array.from({length: size}, () => new Array<number>(size).fill(0));
  matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      if (count) out[position.get(i) ?? other][position.get(j) ?? other] += count;
    })
  );
  return {labels: [...kept.map((d) => d.label), ...(folded ? [OTHER] : [])], matrix: out};
}
