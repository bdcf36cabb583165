import {checkSameLength} from "./accuracy.js";

export interface ConfusionMatrix {
  /** The union of true and predicted labels, sorted. */
  labels: string[];
  /** matrix[i][j]: how many items of true label labels[i] were predicted as labels[j]. */
  matrix: number[][];
}

/**
 * Confusion matrix over the union of the labels seen in truth and predictions.
 * @example confusionMatrix(["a", "b"], ["a", "c"]) // {labels: ["a", "b", "c"], matrix: [[1,0,0],[0,0,1],[0,0,0]]}
 */
export function confusionMatrix(truth: readonly string[], predicted: readonly string[]): ConfusionMatrix {
  checkSameLength(truth, predicted);
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < truth.length; ++i) ++matrix[index.get(truth[i])!][index.get(predicted[i])!];
  return {labels, matrix};
}
