/** What `perfspec train` adds to the run registry after writing a model folder (see runRegistry.ts). */
import type {ActionRecord} from "../lib/ingest/types.js";
import type {ArtifactFiles} from "../lib/learn/predictor.js";
import {MANIFEST_FILE} from "../lib/learn/artifact.js";
import type {TrainRun} from "../lib/learn/trainRun.js";
import {runRecord, type RunRecord, type SearchCandidate} from "../lib/learn/runRecord.js";
import {artifactHashOf, dataFingerprint, gitCommit, writeRun} from "./runRegistry.js";

export interface RecordRunOptions {
  records: readonly ActionRecord[];
  /** The artifact's files as written, and where. */
  files: ArtifactFiles;
  artifactDir: string;
  /** The cleaning policy of the prepared input, when it was prepared here. */
  policy?: unknown;
  search?: SearchCandidate[] | null;
}

/**
 * Record a finished training run in `runs` and return its record.
 * @example const record = await recordTrainRun("runs", run, {records, files, artifactDir: "models/ngram-w2"})
 */
export async function recordTrainRun(runs: string, run: TrainRun, options: RecordRunOptions): Promise<RunRecord> {
  const {config, split} = run.artifact;
  const {kind, hyperparameters} = config;
  const record = runRecord({
    params: {
      kind,
      hyperparameters,
      window: config.window,
      session: split.session,
      split: split.kind,
      testFraction: split.testFraction,
      seed: split.seed,
      source: [...split.source]
    } as RunRecord["params"],
    evaluation: run.evaluation,
    fitSeconds: run.fit.seconds,
    history: run.fit.history,
    testWindows: run.experiment.split.testWindows,
    dataFingerprint: dataFingerprint(options.records),
    policy: options.policy ?? null,
    commit: gitCommit(),
    artifactHash: artifactHashOf(options.files[MANIFEST_FILE]),
    artifactDir: options.artifactDir,
    search: options.search ?? null
  });
  await writeRun(runs, record, {truth: run.evaluation.truth, predictions: run.evaluation.predictions});
  return record;
}
