/**
 * `npm run train`: the default models the pages show, trained on the embedded de-duplicated sequence
 * (10,821 actions) with the honest protocol (one global session, chronological 80/20 split, seed 42):
 * models/ngram-w2, models/bayes (w=2) and models/lstm-w2. Each goes through `perfspec train` itself
 * (src/cli/train.ts), so `perfspec evaluate --model models/<name>` reproduces the metrics the pages show.
 * Run from the repository root; the data path is recorded relative to it in each split.json.
 */
import {run as train} from "../src/cli/train.js";

const DATA = "data/perfspec-kubernetes-event-dataset/events-dataset.first-half-dedup.txt";
const common = ["--data", DATA, "--window", "2", "--split", "chrono", "--session", "global", "--seed", "42"];

/** Name -> extra `perfspec train` arguments. The LSTM is kept small (32 units, at most 12 epochs: ~1-2 min on 2 cores). */
export const DEFAULT_MODELS: Record<string, string[]> = {
  "ngram-w2": ["--model", "ngram"],
  bayes: ["--model", "bayes"],
  "lstm-w2": ["--model", "lstm", "--units", "32", "--epochs", "12"]
};

const only = process.argv.slice(2);
for (const [name, args] of Object.entries(DEFAULT_MODELS)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== models/${name}`);
  const status = await train([...args, ...common, "--out", `models/${name}`]);
  if (status !== 0) process.exit(status);
}
