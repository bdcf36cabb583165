/**
 * From ActionRecords to what a model needs: sessions, a split, the training-only vocabulary, and a fit on the
 * training part. Pages and the command line both go through prepareExperiment + fitSplit + evaluateModel.
 */
import type {ActionRecord} from "../ingest/types.js";
import type {FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {buildSessions, type Session, type SessionMode} from "./sequences.js";
import {splitSessions, trainingActions, type Split, type SplitKind} from "./splits.js";
import {buildVocabulary, encode, type Vocabulary} from "./vocabulary.js";
import {encodeWindows} from "./windows.js";
import {canFitWindows} from "./windowFit.js";
import {PAD} from "./vocabulary.js";
import {readsAttributes, windowAttributes} from "./windowAttributes.js";

export interface ExperimentOptions {
  session: SessionMode;
  split: SplitKind;
  window: number;
  /** Default 0.2. */
  testFraction?: number;
  /** Seed of the random and group splits. Default 42. */
  seed?: number;
}

export interface Experiment {
  options: Required<ExperimentOptions>;
  sessions: Session[];
  split: Split;
  /** Built from the training part only: unseen test actions become UNK. */
  vocabulary: Vocabulary;
  /** The whole action stream in record order (for the repetition check). */
  stream: string[];
}

/**
 * Sessions, split and training vocabulary of `records`.
 * @example const experiment = prepareExperiment(records, {session: "global", split: "chrono", window: 2})
 */
export function prepareExperiment(records: readonly ActionRecord[], options: ExperimentOptions): Experiment {
  // Defaults also for options given as undefined (a spread would keep the undefined).
  const full = {...options, testFraction: options.testFraction ?? 0.2, seed: options.seed ?? 42};
  const sessions = buildSessions(records, full.session);
  const split = splitSessions(sessions, {
    kind: full.split,
    window: full.window,
    testFraction: full.testFraction,
    seed: full.seed
  });
  if (split.trainWindows.length === 0) throw new Error("the training part is empty");
  if (split.testWindows.length === 0) throw new Error("the test part is empty");
  return {
    options: full,
    sessions,
    split,
    vocabulary: buildVocabulary(trainingActions(split)),
    stream: records.map((r) => r.action)
  };
}

export interface SplitFit extends FitResult {
  /** How the training part reached the model: whole sequences, exact windows, or windows as short sequences. */
  method: "sequences" | "windows" | "window-sequences";
}

/**
 * Fit `model` on the training part of an experiment. Chronological and group splits give sequences; a random
 * split gives scattered windows, which models implementing fitWindows learn exactly. A model that reads the
 * contexts' attributes (users, namespaces) gets the training windows with them. Other models get each
 * window as a short sequence (context + target), which adds a few PAD-context windows (documented caveat).
 */
export async function fitSplit(model: Predictor, experiment: Experiment, callbacks?: FitCallbacks): Promise<SplitFit> {
  const {split, vocabulary} = experiment;
  if (readsAttributes(model)) {
    // The training windows are exactly those of the training sequences (or the random split's windows).
    const attributes = windowAttributes(experiment.sessions, split.trainWindows, split.window);
    const windows = {...encodeWindows(vocabulary, split.trainWindows), attributes};
    return {...(await model.fitAttributed(windows, callbacks)), method: "windows"};
  }
  if (split.kind !== "random")
    return {
      ...(await model.fit(
        split.trainSequences.map((s) => encode(vocabulary, s)),
        callbacks
      )),
      method: "sequences"
    };
  if (canFitWindows(model)) {
    return {...(await model.fitWindows(encodeWindows(vocabulary, split.trainWindows), callbacks)), method: "windows"};
  }
  const sequences = split.trainWindows.map((w) =>
    encode(vocabulary, [...w.context.filter((a) => a !== PAD), w.target])
  );
  return {...(await model.fit(sequences, callbacks)), method: "window-sequences"};
}
