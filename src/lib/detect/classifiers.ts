/**
 * The MLOps study's supervised classifiers over event feature rows, from ml.js (pure JavaScript: Node and browser):
 * logistic regression (ml-logistic-regression), an SVM (libsvm-js, its asm.js build), k nearest neighbours (ml-knn)
 * and a CART decision tree (ml-cart). Each trains on labelled rows (1 = attack) and scores rows in [0, 1].
 */
import SVM from "libsvm-js/asm.js";
import LogisticRegression from "ml-logistic-regression";
import KNN from "ml-knn";
import {DecisionTreeClassifier} from "ml-cart";
import {Matrix} from "ml-matrix";

export type ClassifierSpec =
  | {kind: "logistic"; learningRate: number; steps: number}
  | {kind: "svm"; kernel: "linear" | "rbf"; cost: number; gamma?: number}
  | {kind: "knn"; k: number}
  | {kind: "tree"; maxDepth: number; minNumSamples: number};

/** Scores rows: higher is more likely an attack. */
export type RowScorer = (rows: readonly (readonly number[])[]) => number[];

/**
 * A short name of a spec for tables.
 * @example classifierName({kind: "knn", k: 5}) // "KNN k=5"
 */
export function classifierName(spec: ClassifierSpec): string {
  switch (spec.kind) {
    case "logistic":
      return `logistic regression lr=${spec.learningRate} steps=${spec.steps}`;
    case "svm":
      return `SVM ${spec.kernel} C=${spec.cost}${spec.gamma !== undefined ? ` γ=${spec.gamma}` : ""}`;
    case "knn":
      return `KNN k=${spec.k}`;
    case "tree":
      return `decision tree depth ≤ ${spec.maxDepth}, leaf ≥ ${spec.minNumSamples}`;
  }
}

/**
 * Trains one classifier on rows and 0/1 labels (both classes must be present).
 * @example trainClassifier({kind: "knn", k: 3}, rows, labels)(testRows) // [0, 0.67, …]
 */
export function trainClassifier(
  spec: ClassifierSpec,
  rows: readonly (readonly number[])[],
  labels: readonly number[]
): RowScorer {
  if (rows.length !== labels.length) throw new Error("classifier: rows and labels differ in length");
  if (new Set(labels).size < 2) throw new Error("classifier: training needs both benign and attack rows");
  const X = rows.map((r) => [...r]);
  switch (spec.kind) {
    case "logistic": {
      // ml-logistic-regression fits no intercept: a constant column gives it one.
      const model = new LogisticRegression({numSteps: spec.steps, learningRate: spec.learningRate});
      model.train(new Matrix(X.map((r) => [1, ...r])), Matrix.columnVector([...labels]));
      // One-vs-all: classifier 0 gives P(not benign).
      return (test) => model.classifiers[0].testScores(new Matrix(test.map((r) => [1, ...r])));
    }
    case "svm": {
      const positives = labels.filter((y) => y === 1).length;
      const svm = new SVM({
        type: SVM.SVM_TYPES.C_SVC,
        kernel: spec.kernel === "linear" ? SVM.KERNEL_TYPES.LINEAR : SVM.KERNEL_TYPES.RBF,
        cost: spec.cost,
        ...(spec.gamma !== undefined ? {gamma: spec.gamma} : {}),
        // Attacks are rare: weigh them up so the margin does not ignore them.
        weight: {0: 1, 1: (labels.length - positives) / positives},
        probabilityEstimates: true,
        quiet: true
      });
      svm.train(X, [...labels]);
      return (test) =>
        test.length === 0
          ? []
          : svm
              .predictProbability(test.map((r) => [...r]))
              .map((p) => p.estimates.find((e) => e.label === 1)?.probability ?? 0);
    }
    case "knn": {
      // One neighbour search per row for the largest k a grid asks (see knnScorers), then the share of attacks.
      return knnScorers([spec.k], X, labels)[0];
    }
    case "tree": {
      const tree = new DecisionTreeClassifier({maxDepth: spec.maxDepth, minNumSamples: spec.minNumSamples});
      tree.train(X, [...labels]);
      return (test) =>
        test.map((r) => {
          const distribution = tree.root.classify([...r]);
          return distribution.columns > 1 ? distribution.get(0, 1) : 0;
        });
    }
  }
}

/**
 * KNN scorers for several k over one ml-knn tree: each test row's neighbours are searched once (for the largest
 * k) and shared, so a grid over k costs one search.
 * @example const [k1, k5] = knnScorers([1, 5], rows, labels); k5(testRows) // [0, 0.4, …]
 */
export function knnScorers(
  ks: readonly number[],
  rows: readonly (readonly number[])[],
  labels: readonly number[]
): RowScorer[] {
  const largest = Math.max(...ks);
  const knn = new KNN(
    rows.map((r) => [...r]),
    [...labels],
    {k: largest}
  );
  // By content: routine events repeat the same feature row many times.
  const cache = new Map<string, number[]>();
  const neighbours = (r: readonly number[]) => {
    const key = r.join(",");
    let labelsByDistance = cache.get(key);
    if (!labelsByDistance) {
      const near = knn.kdTree.nearest([...r], largest).sort((a, b) => a[1] - b[1]);
      cache.set(key, (labelsByDistance = near.map(([point]) => point[point.length - 1])));
    }
    return labelsByDistance;
  };
  return ks.map(
    (k) => (test) =>
      test.map((r) => {
        const near = neighbours(r).slice(0, k);
        return near.filter((y) => y === 1).length / near.length;
      })
  );
}
