/**
 * Model selection for `perfspec train --model auto`: a grid search over kinds, windows and hyperparameters,
 * scored on a validation split carved from the training part only (the test part is never read), as the grid
 * search of an MLOps study does. The caller refits the winner on the whole training part (trainRun).
 * A kind joins the search with one line in SEARCH_SPACE.
 */
import type {ActionRecord} from "../ingest/types.js";
import type {ModelKind} from "./predictor.js";
import {createModel, type HyperparametersOf, type ModelParameters} from "./models.js";
import {fitSplit, prepareExperiment, type Experiment, type ExperimentOptions} from "./experiment.js";
import {shuffled, splitSessions, trainingActions, type Split} from "./splits.js";
import {buildVocabulary} from "./vocabulary.js";
import {predictRows} from "./evaluate.js";
import {topKAccuracy} from "../metrics/topKAccuracy.js";
import {PAD_ID, UNK_ID} from "./vocabulary.js";
import type {SearchCandidate} from "./runRecord.js";

/** The candidates of one kind: every window with every hyperparameter set. */
export type SearchSpace = {[K in ModelKind]: {kind: K; windows: number[]; grid: HyperparametersOf[K][]}}[ModelKind];

/** The default search: count models only, so a search takes seconds (add a neural kind with its own line). */
export const SEARCH_SPACE: SearchSpace[] = [
  {kind: "ngram", windows: [1, 2, 3, 4, 5, 6], grid: [{beta: 0.1}, {beta: 1}, {beta: 10}]},
  {kind: "bayes", windows: [1, 2, 3], grid: [{alpha: 0.1}, {alpha: 1}]},
  {
    kind: "actor",
    windows: [2, 3, 4, 5, 6],
    grid: grid({smoothing: ["wb", "dirichlet"], user: [0, 1], session: [0, 5], cache: [0, 0.15, 0.3], runs: [0, 0.1]})
  },
  {kind: "interp", windows: [2, 3, 4, 5], grid: grid({heldOut: [0.2, 0.3], match: [false, true]})}
];

/**
 * Every combination of the listed values, the first key varying slowest.
 * @example grid({a: [1, 2], b: ["x"]}) // [{a: 1, b: "x"}, {a: 2, b: "x"}]
 */
export function grid<T extends object>(values: {[K in keyof T]: readonly T[K][]}): T[] {
  let out: Partial<T>[] = [{}];
  for (const key of Object.keys(values) as (keyof T)[])
    out = out.flatMap((partial) => values[key].map((v) => ({...partial, [key]: v})));
  return out as T[];
}

export interface SearchOptions extends Omit<ExperimentOptions, "window"> {
  /** Fraction of the training part held out for validation. Default 0.2. */
  validationFraction?: number;
  space?: readonly SearchSpace[];
  /** Called after each candidate. */
  onCandidate?: (candidate: SearchCandidate, index: number, total: number) => void;
}

export interface SearchResult {
  best: SearchCandidate;
  /** Every candidate in search order with its validation metrics. */
  candidates: SearchCandidate[];
}

/**
 * Score every candidate on the validation part of the training part; the best has the highest validation top-1
 * accuracy, then top-5, then comes first in the search order (simpler settings are listed first).
 * @example const {best} = await searchModels(records, {session: "user-namespace", split: "chrono"})
 */
export async function searchModels(records: readonly ActionRecord[], options: SearchOptions): Promise<SearchResult> {
  const {space = SEARCH_SPACE, validationFraction = 0.2, onCandidate, ...experimentOptions} = options;
  const plan = space.flatMap((s) =>
    s.windows.flatMap((window) =>
      (s.grid.length ? s.grid : [{}]).map((hyperparameters) => ({kind: s.kind, hyperparameters, window}))
    )
  ) as (ModelParameters & {window: number})[];
  if (plan.length === 0) throw new Error("the model search has no candidates");
  const validations = new Map<number, Experiment>();
  const candidates: SearchCandidate[] = [];
  for (const params of plan) {
    let validation = validations.get(params.window);
    if (!validation) {
      const outer = prepareExperiment(records, {...experimentOptions, window: params.window});
      validations.set(params.window, (validation = validationExperiment(outer, validationFraction)));
    }
    const model = await createModel({...params, vocabulary: validation.vocabulary});
    try {
      await fitSplit(model, validation);
      // Top-1 and top-5 only (evaluateModel's intervals, F1 and timings would cost more than the fit).
      const windows = validation.split.testWindows;
      const rows = predictRows(model, validation.vocabulary, windows, {sessions: validation.sessions});
      const truth = windows.map((w) => validation.vocabulary.index.get(w.target) ?? -1);
      const top = (k: number) => topKAccuracy(rows, truth, k, [PAD_ID, UNK_ID]);
      const candidate = {params, validation: {n: windows.length, accuracy: top(1), top5: top(5)}};
      candidates.push(candidate);
      onCandidate?.(candidate, candidates.length, plan.length);
    } finally {
      model.dispose();
    }
  }
  return {best: bestCandidate(candidates)!, candidates};
}

/**
 * The candidate searchModels picks: highest validation top-1, then top-5, then first in search order; undefined
 * for none.
 * @example bestCandidate(search.candidates.filter((c) => c.params.kind === "ngram"))
 */
export function bestCandidate(candidates: readonly SearchCandidate[]): SearchCandidate | undefined {
  let best = candidates[0];
  for (const c of candidates)
    if (
      c.validation.accuracy > best.validation.accuracy ||
      (c.validation.accuracy === best.validation.accuracy && c.validation.top5 > best.validation.top5)
    )
      best = c;
  return best;
}

/**
 * The training part of `outer` split again the same way (chronological per session, whole sessions, or random
 * windows): its training part fits the candidates and its held-out part scores them. The vocabulary comes from
 * the inner training part only. The outer test windows are not looked at.
 * @example validationExperiment(prepareExperiment(records, {session: "user", split: "chrono", window: 2}), 0.2)
 */
export function validationExperiment(outer: Experiment, fraction: number): Experiment {
  const {split: outerSplit, options} = outer;
  const seed = options.seed + 1;
  let split: Split;
  let sessions = outer.sessions;
  if (outerSplit.kind === "random") {
    const windows = outerSplit.trainWindows;
    const order = shuffled(windows.length, seed);
    const testCount = windows.length - Math.floor(windows.length * (1 - fraction));
    const isTest = new Uint8Array(windows.length);
    for (let i = 0; i < testCount; ++i) isTest[order[i]] = 1;
    split = {
      ...outerSplit,
      seed,
      testFraction: fraction,
      trainWindows: windows.filter((_, i) => !isTest[i]),
      testWindows: windows.filter((_, i) => isTest[i])
    };
  } else {
    if (outerSplit.kind === "group" && outerSplit.trainSequences.length < 2)
      throw new Error(
        `the training part holds ${outerSplit.trainSequences.length} session(s): a validation part of whole sessions needs at least two`
      );
    // The training sequences as sessions (same keys, users and namespaces), cut again as the outer split did.
    const byKey = new Map(outer.sessions.map((session) => [session.key, session]));
    sessions = outerSplit.trainSequences.map((actions, i) => {
      const key = outerSplit.trainSessions[i];
      return {...byKey.get(key), key, actions, times: actions.map(() => null)};
    });
    split = splitSessions(sessions, {kind: outerSplit.kind, window: options.window, testFraction: fraction, seed});
  }
  if (split.trainWindows.length === 0 || split.testWindows.length === 0)
    throw new Error("the training part is too small to carve a validation part from it");
  return {...outer, sessions, split, vocabulary: buildVocabulary(trainingActions(split)), stream: []};
}
