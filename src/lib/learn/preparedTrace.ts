/**
 * A trace of next-action predictions (traceSequence) made once with the largest top k a page offers, stored as
 * compact JSON (at build time, by a data loader) and read back at any smaller k. Reading at k gives the steps
 * traceSequence gives at k: topK breaks ties by the lower index, so the first k of its top 10 are its top k, and
 * a rank does not depend on k. Probabilities are kept to 6 significant digits (pages show them to 0.1%); ranks
 * and hits are computed before that, from the model's exact output. Host-neutral.
 */
import type {TraceStep} from "./nextActions.js";

/**
 * One step: [action (index into names), rank (null when the action is unknown), probability, unknown (0 or 1),
 * the top k (indices into names), their probabilities].
 */
export type PreparedStep = [number, number | null, number, 0 | 1, number[], number[]];

export interface PreparedTrace {
  /** Where the model came from, e.g. "models/ngram-w2". */
  model: string;
  /** The model's context length, in actions. */
  window: number;
  /** The top k the trace was made with: the largest it can be read at. */
  k: number;
  /** The position of the first step in the traced sequence (steps follow one another). */
  start: number;
  /** Every action name the steps mention, in order of first mention. */
  names: string[];
  steps: PreparedStep[];
}

const significant = (p: number) => Number(p.toPrecision(6));

/**
 * The steps of one traceSequence call (made with top `k`), in compact JSON-safe form.
 * @example prepareTrace(traceSequence(model, vocabulary, actions, {k: 10}), {model: "models/ngram-w2", window: 2, k: 10})
 */
export function prepareTrace(
  steps: readonly TraceStep[],
  about: Pick<PreparedTrace, "model" | "window" | "k">
): PreparedTrace {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const id = (name: string) => {
    if (!ids.has(name)) ids.set(name, names.push(name) - 1);
    return ids.get(name) as number;
  };
  steps.forEach((step, i) => {
    if (step.index !== (steps[0]?.index ?? 0) + i)
      throw new Error(`trace step ${i} is not at position ${i} of the trace`);
  });
  return {
    ...about,
    start: steps[0]?.index ?? 0,
    names,
    steps: steps.map((s) => [
      id(s.action),
      Number.isFinite(s.rank) ? s.rank : null,
      significant(s.probability),
      s.unknown ? 1 : 0,
      s.predicted.map((p) => id(p.action)),
      s.predicted.map((p) => significant(p.probability))
    ])
  };
}

/**
 * The trace at top `k` (at most the k it was made with), as traceSequence returns it.
 * @example traceAtK(prepared, 3)[0].predicted.length // 3
 */
export function traceAtK(prepared: PreparedTrace, k: number): TraceStep[] {
  if (!(Number.isInteger(k) && k >= 1 && k <= prepared.k))
    throw new Error(`this trace was made with the top ${prepared.k}; it cannot be read at k=${k}`);
  const {names} = prepared;
  return prepared.steps.map(([action, rank, probability, unknown, top, topProbability], i) => ({
    index: prepared.start + i,
    action: names[action],
    predicted: top.slice(0, k).map((j, n) => ({action: names[j], probability: topProbability[n]})),
    rank: rank ?? Infinity,
    probability,
    hit: (rank ?? Infinity) <= k,
    unknown: unknown === 1
  }));
}
