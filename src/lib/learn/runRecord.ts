/**
 * Run records: what the run registry keeps of one `perfspec train` (runs/<id>/run.json): the parameters, a
 * fingerprint of the prepared input, the cleaning policy, the git commit, the held-out metrics with their
 * intervals, the training history, the artifact's hash and (for `--model auto`) the model search. Each run also
 * keeps its held-out predictions (runs/<id>/predictions.json), so two runs on the same test windows can be
 * compared with a paired bootstrap test. Host-neutral: the Runs page reads the same records.
 */
import type {EpochLog} from "./predictor.js";
import type {ModelParameters} from "./models.js";
import type {SessionMode} from "./sequences.js";
import type {SplitKind} from "./splits.js";
import type {ActionWindow} from "./windows.js";
import type {Evaluation} from "./evaluate.js";
import type {Interval} from "../metrics/bootstrap.js";
import {pairedBootstrap, type PairedBootstrap} from "../metrics/pairedBootstrap.js";
import {sha256} from "./sha256.js";

/** How a run was trained: the model with its hyperparameters, and the experiment around it. */
export type RunParams = ModelParameters & {
  window: number;
  session: SessionMode;
  split: SplitKind;
  testFraction: number;
  seed: number;
  source: string[];
};

/** The held-out metrics a run record keeps (a subset of evaluationSummary, small enough to list). */
export interface RunMetrics {
  n: number;
  accuracy: number;
  top5: number;
  macroF1: number;
  weightedF1: number;
  ci: {accuracy: Interval; macroF1: Interval};
  fitSeconds: number;
}

/** One candidate of a model search, with its validation metrics (see modelSearch.ts). */
export interface SearchCandidate {
  params: ModelParameters & {window: number};
  validation: {n: number; accuracy: number; top5: number};
}

export interface RunRecord {
  format: "perfspec-run";
  version: 1;
  id: string;
  createdAt: string;
  params: RunParams;
  /** SHA-256 of the prepared input (every action record), so runs on different data are told apart. */
  dataFingerprint: string;
  /** The cleaning policy the input was prepared with (null when the input was an already prepared table). */
  policy: unknown;
  /** `git rev-parse HEAD` where the run was made, or null outside a repository. */
  commit: string | null;
  metrics: RunMetrics;
  history: EpochLog[];
  /** SHA-256 of the artifact's manifest.json (which holds the SHA-256 of every other file). */
  artifactHash: string;
  /** Where the artifact was written (as given on the command line). */
  artifactDir: string | null;
  /** SHA-256 of the test windows (session, position, target): equal hashes mean the same test items, whatever the window. */
  testWindowsHash: string;
  /** The model search of `--model auto`, every candidate with its validation metrics; null otherwise. */
  search: SearchCandidate[] | null;
}

/** runs/<id>/predictions.json: the held-out truth and the run's top-1 predictions, in test-window order. */
export interface RunPredictions {
  truth: string[];
  predictions: string[];
}

/** Everything runRecord needs besides the trained run. */
export interface RunRecordInput {
  params: RunParams;
  evaluation: Pick<Evaluation, "n" | "accuracy" | "top5" | "macroF1" | "weightedF1" | "ci">;
  fitSeconds: number;
  history: EpochLog[];
  testWindows: readonly ActionWindow[];
  dataFingerprint: string;
  policy: unknown;
  commit: string | null;
  artifactHash: string;
  artifactDir: string | null;
  search?: SearchCandidate[] | null;
  createdAt?: Date;
}

/**
 * The record of one run; its id is the time, kind, window and a short hash, so ids sort by time.
 * @example runRecord({params, evaluation, ...}).id // "20261130T144500Z-ngram-w2-3f1c2a"
 */
export function runRecord(input: RunRecordInput): RunRecord {
  const createdAt = (input.createdAt ?? new Date()).toISOString();
  const {n, accuracy, top5, macroF1, weightedF1, ci} = input.evaluation;
  const stamp = createdAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const id = `${stamp}-${input.params.kind}-w${input.params.window}-${sha256(createdAt + input.artifactHash).slice(0, 6)}`;
  return {
    format: "perfspec-run",
    version: 1,
    id,
    createdAt,
    params: input.params,
    dataFingerprint: input.dataFingerprint,
    policy: input.policy ?? null,
    commit: input.commit,
    metrics: {n, accuracy, top5, macroF1, weightedF1, ci, fitSeconds: input.fitSeconds},
    history: input.history,
    artifactHash: input.artifactHash,
    artifactDir: input.artifactDir,
    testWindowsHash: testWindowsHash(input.testWindows),
    search: input.search ?? null
  };
}

/** SHA-256 of test windows: two runs with equal hashes predicted the same items in the same order. */
export function testWindowsHash(windows: readonly ActionWindow[]): string {
  return sha256(windows.map((w) => `${w.session}\u0000${w.index}\u0000${w.target}`).join("\n"));
}

/** A checked run record (errors name `name`, e.g. the file). */
export function parseRunRecord(value: unknown, name: string): RunRecord {
  const r = value as Partial<RunRecord> | null;
  if (r?.format !== "perfspec-run" || typeof r.id !== "string" || !r.params || !r.metrics)
    throw new Error(`${name}: not a perfspec run record (expected format "perfspec-run" with id, params, metrics)`);
  return r as RunRecord;
}

export interface RunComparison {
  a: string;
  b: string;
  /** Paired bootstrap of accuracy A - B over the shared test windows. */
  test: PairedBootstrap;
}

/**
 * Paired bootstrap test between two runs on the same test windows; refuses runs whose test windows differ.
 * @example compareRuns(recordA, predictionsA, recordB, predictionsB).test.pValue
 */
export function compareRuns(
  a: RunRecord,
  predictionsA: RunPredictions,
  b: RunRecord,
  predictionsB: RunPredictions,
  options: {resamples?: number; seed?: number} = {}
): RunComparison {
  if (a.testWindowsHash !== b.testWindowsHash || !sameList(predictionsA.truth, predictionsB.truth))
    throw new Error(
      `runs ${a.id} and ${b.id} were evaluated on different test windows (data ${a.dataFingerprint.slice(0, 8)}… ${a.params.session}/${a.params.split} vs ${b.dataFingerprint.slice(0, 8)}… ${b.params.session}/${b.params.split}): a paired test needs the same items`
    );
  return {
    a: a.id,
    b: b.id,
    test: pairedBootstrap(predictionsA.truth, predictionsA.predictions, predictionsB.predictions, options)
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
