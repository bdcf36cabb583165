/**
 * Evaluation of a loaded artifact, the same for `perfspec evaluate` and the pages' loader: the split recorded in
 * split.json rebuilt on the given records, a check that their training part has the model's vocabulary, and
 * evaluateModel on the held-out part.
 */
import type {ActionRecord} from "../ingest/types.js";
import type {Predictor} from "./predictor.js";
import type {Artifact, SplitSpec} from "./artifact.js";
import {prepareExperiment, type Experiment, type ExperimentOptions} from "./experiment.js";
import {splitCounts} from "./splits.js";
import {evaluateModel, evaluationSummary, type Evaluation} from "./evaluate.js";

export interface EvaluateRunOptions {
  /** How messages and the summary name the model (e.g. its folder). */
  name: string;
  /**
   * Names of the data the records come from. Default: split.json's source, and then the record and test-window
   * counts are checked against the ones split.json recorded.
   */
  source?: readonly string[];
  /** Map actions by name when the training part has another vocabulary than the model (default: refuse). */
  allowOtherVocabulary?: boolean;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
}

export interface EvaluateRun {
  experiment: Experiment;
  evaluation: Evaluation;
  /** What `perfspec evaluate --json` prints: the model and split described, then evaluationSummary. */
  summary: {
    model: string;
    kind: Artifact["config"]["kind"];
    window: number;
    session: SplitSpec["session"];
    split: SplitSpec["kind"];
    source: string[];
  } & ReturnType<typeof evaluationSummary>;
  /** Things the reader should know: the data changed since training, actions mapped by name. */
  warnings: string[];
}

/** Thrown when the data's training part has another vocabulary than the model and allowOtherVocabulary is off. */
export class OtherVocabularyError extends Error {}

/** The experiment options split.json records. */
export function experimentOptionsOf(split: SplitSpec): ExperimentOptions {
  const {session, kind, window, testFraction, seed} = split;
  return {session, split: kind, window, testFraction, seed};
}

/**
 * Evaluate a loaded artifact on `records`, on the held-out part of the split its split.json describes.
 * @example const {summary} = evaluateRun(artifact, model, records, {name: "models/ngram-w2"})
 */
export function evaluateRun(
  artifact: Artifact,
  model: Predictor,
  records: readonly ActionRecord[],
  options: EvaluateRunOptions
): EvaluateRun {
  const {split, config} = artifact;
  const source = [...(options.source ?? split.source)];
  const experiment = prepareExperiment(records, experimentOptionsOf(split));
  const warnings: string[] = [];
  const counts = splitCounts(experiment.split);
  if (!options.source && (records.length !== split.counts.actions || counts.testWindows !== split.counts.testWindows))
    warnings.push(
      `${source.join(", ")} gives ${records.length} actions / ${counts.testWindows} test windows, split.json recorded ${split.counts.actions} / ${split.counts.testWindows}: the data changed since training`
    );
  if (experiment.vocabulary.actions.join("\n") !== artifact.vocabulary.actions.join("\n")) {
    const describe = (v: {actions: readonly string[]}) => `${v.actions.length - 2} actions`;
    const message = `the training part of ${source.join(", ")} has another vocabulary (${describe(experiment.vocabulary)}) than the model ${options.name} (${describe(artifact.vocabulary)})`;
    if (!options.allowOtherVocabulary)
      throw new OtherVocabularyError(`${message}: refusing to evaluate, since ids would not mean the same actions`);
    warnings.push(`${message}; actions are mapped by name, unknown ones read as <unk>`);
  }
  const evaluation = evaluateModel(model, artifact.vocabulary, experiment.split.testWindows, {
    trainWindows: experiment.split.trainWindows,
    stream: experiment.stream,
    sessions: experiment.sessions,
    seed: split.seed,
    resamples: options.resamples ?? 1000
  });
  const summary = {
    model: options.name,
    kind: config.kind,
    window: config.window,
    session: split.session,
    split: split.kind,
    source,
    ...evaluationSummary(evaluation)
  };
  return {experiment, evaluation, summary, warnings};
}
