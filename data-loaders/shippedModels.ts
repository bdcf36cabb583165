/**
 * The shipped models (models/, made by `npm run train`), in the order pages list them: one definition for the
 * script that trains them and the loaders that show them.
 */
import {relative} from "node:path";
import type {TrainSpec} from "../src/lib/learn/trainRun.js";
import {EMBEDDED_SEQUENCE, REPOSITORY_ROOT} from "./dataSources.js";

/**
 * The honest protocol on the embedded de-duplicated sequence (10,821 actions): one global session, chronological
 * 80/20 split, seed 42. The path is relative to the repository root, as split.json records it.
 */
const HONEST = {
  source: [relative(REPOSITORY_ROOT, EMBEDDED_SEQUENCE)],
  window: 2,
  split: "chrono",
  session: "global",
  testFraction: 0.2,
  seed: 42
} as const;

/** The LSTM is kept small (32 units, at most 12 epochs: ~1-2 min on 2 cores). */
export const DEFAULT_MODELS: readonly {name: string; label: string; spec: TrainSpec}[] = [
  {name: "ngram-w2", label: "n-gram w=2", spec: {...HONEST, model: {kind: "ngram"}}},
  {name: "bayes", label: "Bayesian network w=2", spec: {...HONEST, model: {kind: "bayes"}}},
  {
    name: "lstm-w2",
    label: "LSTM w=2",
    spec: {...HONEST, model: {kind: "lstm", hyperparameters: {epochs: 12, units: 32}}}
  }
];
