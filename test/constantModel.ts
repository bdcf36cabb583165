import type {Predictor} from "../src/lib/learn/predictor.js";

/** A window-1 model that gives every context the same distribution `row` (for exact ranking and tie tests). */
export function constantModel(row: number[]): Predictor {
  return {
    kind: "ngram",
    window: 1,
    size: row.length,
    fit: async () => ({history: [], seconds: 0}),
    predict: (contexts) => contexts.map(() => Float32Array.from(row)),
    save: async () => ({}),
    dispose: () => {}
  };
}
