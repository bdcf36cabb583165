import type {ConfusionMatrix} from "./confusionMatrix.js";

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true items of this label. */
  support: number;
  /** Number of items predicted as this label. */
  predicted: number;
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
}

export interface PrecisionRecallF1 {
  perClass: ClassScores[];
  /** Unweighted mean over the labels of the confusion matrix (true or predicted). */
  macro: Averages;
  /** Mean weighted by support. */
  weighted: Averages;
}

/**
 * Per-class precision, recall and F1 with macro and weighted averages. A ratio with a zero denominator is 0
 * (a label never predicted has precision 0; a label never true has recall 0), as scikit-learn's zero_division=0.
 * @example precisionRecallF1(confusionMatrix(["a", "a", "b"], ["a", "b", "b"])).macro.f1 // 0.6667
 */
export function precisionRecallF1({labels, matrix}: ConfusionMatrix): PrecisionRecallF1 {
  const perClass = labels.map((label, i) => {
    const tp = matrix[i][i];
    const support = matrix[i].reduce((s, x) => s + x, 0);
    const predicted = matrix.reduce((s, row) => s + row[i], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return {label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted};
  });
  const total = perClass.reduce((s, c) => s + c.support, 0);
  const mean = (key: keyof Averages, weighted: boolean): number =>
    weighted
      ? ratio(
          perClass.reduce((s, c) => s + c[key] * c.support, 0),
          total
        )
      : ratio(
          perClass.reduce((s, c) => s + c[key], 0),
          perClass.length
        );
  const averages = (weighted: boolean): Averages => ({
    precision: mean("precision", weighted),
    recall: mean("recall", weighted),
    f1: mean("f1", weighted)
  });
  return {perClass, macro: averages(false), weighted: averages(true)};
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
