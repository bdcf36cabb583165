// Types for the ml.js classifiers used by src/lib/detect/classifiers.ts (the packages ship none).
declare module "ml-logistic-regression" {
  import type {Matrix} from "ml-matrix";
  export default class LogisticRegression {
    constructor(options?: {numSteps?: number; learningRate?: number});
    classifiers: {testScores(features: Matrix): number[]}[];
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
  }
}
declare module "ml-knn" {
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: {k?: number});
    kdTree: {nearest(point: number[], k: number): [number[], number][]};
    predict(dataset: number[][]): number[];
  }
}
declare module "ml-cart" {
  export class DecisionTreeClassifier {
    constructor(options?: {maxDepth?: number; minNumSamples?: number; gainThreshold?: number});
    root: {classify(row: number[]): {get(row: number, column: number): number; columns: number}};
    train(features: number[][], labels: number[]): void;
    predict(features: number[][]): number[];
  }
}
declare module "libsvm-js/asm.js" {
  interface SvmOptions {
    type?: number;
    kernel?: number;
    gamma?: number;
    cost?: number;
    probabilityEstimates?: boolean;
    quiet?: boolean;
    weight?: Record<number, number>;
  }
  export default class SVM {
    static SVM_TYPES: {C_SVC: number};
    static KERNEL_TYPES: {LINEAR: number; RBF: number};
    constructor(options?: SvmOptions);
    train(samples: number[][], labels: number[]): void;
    predict(samples: number[][]): number[];
    predictProbability(samples: number[][]): {prediction: number; estimates: {label: number; probability: number}[]}[];
    free(): void;
  }
}
