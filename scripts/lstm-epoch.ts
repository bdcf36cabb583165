/**
 * Measure the LSTM on the de-duplicated PerfSPEC sequence: one-epoch time per TF.js backend, then the
 * next-action accuracy on the chronological last 20% after training (wasm) until early stopping.
 * Prints one JSON object per line (for the benchmark). Usage:
 *   node --import tsx scripts/lstm-epoch.ts [--backends wasm,cpu] [--epochs 30] [--validation-fraction 0.1]
 *     [--units 64] [--batch-size 64] [--window 2] [--no-train] [--file path]
 */
import {readFileSync} from "node:fs";
import {maxIndex} from "d3";
import {parseArgs} from "node:util";
import {createLstm, windowsOf, type LstmOptions} from "../src/lib/learn/lstm.js";
import {buildVocabulary, encode} from "../src/lib/learn/vocabulary.js";
import {setupTfBackend, type BackendName} from "../src/node/tfBackend.js";

const {values: args} = parseArgs({
  options: {
    file: {type: "string", default: "data/perfspec-kubernetes-event-dataset/events-dataset.first-half-dedup.txt"},
    backends: {type: "string", default: "wasm,cpu"},
    epochs: {type: "string", default: "30"},
    "validation-fraction": {type: "string", default: "0.1"},
    window: {type: "string", default: "2"},
    units: {type: "string", default: "64"},
    "batch-size": {type: "string", default: "64"},
    "no-train": {type: "boolean", default: false}
  }
});

const actions = readFileSync(args.file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "");
const cut = Math.floor(actions.length * 0.8);
const vocabulary = buildVocabulary([actions.slice(0, cut)]); // training part only: no test leakage
const train = encode(vocabulary, actions.slice(0, cut));
const test = encode(vocabulary, actions.slice(cut));
const options: LstmOptions = {
  window: Number(args.window),
  units: Number(args.units),
  batchSize: Number(args["batch-size"]),
  validationFraction: Number(args["validation-fraction"])
};
const print = (record: object) => console.log(JSON.stringify(record));
print({
  dataset: args.file,
  actions: actions.length,
  classes: vocabulary.actions.length,
  trainActions: train.length,
  testActions: test.length,
  options
});

for (const wanted of args.backends.split(",") as BackendName[]) {
  const backend = await setupTfBackend(wanted);
  const model = createLstm(vocabulary.actions.length, {...options, epochs: 1});
  const {history} = await model.fit([train]);
  model.dispose();
  print({
    measure: "one-epoch",
    requested: wanted,
    backend,
    seconds: round(history[0].seconds),
    loss: round(history[0].loss)
  });
}

if (!args["no-train"]) {
  const backend = await setupTfBackend("wasm");
  const model = createLstm(vocabulary.actions.length, {...options, epochs: Number(args.epochs)});
  const result = await model.fit([train], {
    onEpochEnd: (log) => print({measure: "epoch", backend, ...roundAll(log)})
  });
  const {contexts, targets} = windowsOf([test], model.window);
  let correct = 0;
  model.predict(contexts).forEach((p, i) => (correct += Number(maxIndex(p) === targets[i])));
  model.dispose();
  print({
    measure: "trained",
    backend,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    seconds: round(result.seconds),
    testAccuracy: round(correct / targets.length)
  });
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function roundAll(record: object): object {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]));
}
