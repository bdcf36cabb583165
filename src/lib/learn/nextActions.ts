/**
 * Next-action predictions over action strings, for people: the top-k after a context, and a trace of a whole
 * sequence (what the model expected at each step, and whether the real action was among its top k).
 */
import type {Predictor} from "./predictor.js";
import {PAD, PAD_ID, UNK_ID, type Vocabulary} from "./vocabulary.js";
import {contextBefore, encodeContext} from "./windows.js";
import {rankOf, topK} from "../metrics/topKAccuracy.js";

export interface Ranked {
  action: string;
  probability: number;
}

/**
 * The `k` most likely next actions after `actions` (oldest first; only the last `model.window` count).
 * @example nextActions(model, vocabulary, ["create_namespaces"], 5)[0] // {action: "create_serviceaccounts", probability: 0.41}
 */
export function nextActions(model: Predictor, vocabulary: Vocabulary, actions: readonly string[], k = 5): Ranked[] {
  const context = contextBefore(actions, actions.length, model.window, PAD);
  const [row] = model.predict([encodeContext(vocabulary, context)]);
  return topK(row, k, [PAD_ID, UNK_ID]).map((id) => ({action: vocabulary.actions[id], probability: row[id]}));
}

export interface TraceStep {
  /** Position in the traced sequence. */
  index: number;
  action: string;
  /** The model's top k before seeing `action`. */
  predicted: Ranked[];
  /** 1-based rank of `action` in the model's distribution (Infinity when it is not in the vocabulary). */
  rank: number;
  /** Probability the model gave `action` (0 when unknown). */
  probability: number;
  /** Whether `action` was in the top k. */
  hit: boolean;
  /** Whether the model had never seen `action` in training. */
  unknown: boolean;
}

/**
 * Predict every action of `actions` from the `model.window` actions before it (PAD before the start, or the
 * `history` given before the traced part), in batches.
 * @example traceSequence(model, vocabulary, testActions, {k: 5, history: lastTrainingActions})
 */
export function traceSequence(
  model: Predictor,
  vocabulary: Vocabulary,
  actions: readonly string[],
  {k = 5, history = [] as readonly string[], start = 0, batchSize = 512} = {}
): TraceStep[] {
  const all = [...history.slice(Math.max(0, history.length - model.window)), ...actions];
  const offset = all.length - actions.length;
  const steps: TraceStep[] = [];
  for (let from = 0; from < actions.length; from += batchSize) {
    const positions = Array.from({length: Math.min(batchSize, actions.length - from)}, (_, i) => offset + from + i);
    const rows = model.predict(
      positions.map((p) => encodeContext(vocabulary, contextBefore(all, p, model.window, PAD)))
    );
    rows.forEach((row, i) => {
      const action = all[positions[i]];
      const id = vocabulary.index.get(action);
      const predicted = topK(row, k, [PAD_ID, UNK_ID]).map((j) => ({
        action: vocabulary.actions[j],
        probability: row[j]
      }));
      const probability = id === undefined ? 0 : row[id];
      const rank =
        id === undefined || id === PAD_ID || id === UNK_ID ? Infinity : 1 + rankOf(row, id, [PAD_ID, UNK_ID]);
      steps.push({
        index: start + from + i,
        action,
        predicted,
        rank,
        probability,
        hit: rank <= k,
        unknown: id === undefined
      });
    });
  }
  return steps;
}

/**
 * Share of hits over the last `width` steps, at every step (shorter at the start).
 * @example rollingAccuracy([true, false, true], 2) // [1, 0.5, 0.5]
 */
export function rollingAccuracy(hits: readonly boolean[], width: number): number[] {
  const out: number[] = [];
  let sum = 0;
  hits.forEach((hit, i) => {
    sum += hit ? 1 : 0;
    if (i >= width) sum -= hits[i - width] ? 1 : 0;
    out.push(sum / Math.min(i + 1, width));
  });
  return out;
}
