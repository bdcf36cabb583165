/** `perfspec train`: fit a next-action model on the training part of a split, evaluate it on the held-out part, write the artifact. */
import {parseArgs} from "node:util";
import cliProgress from "cli-progress";
import {loadActionRecords} from "../node/loadActions.js";
import {writeArtifactDir} from "../node/artifact.js";
import type {EpochLog, ModelKind} from "../lib/learn/predictor.js";
import {MODEL_KINDS, createModel} from "../lib/learn/models.js";
import {prepareExperiment, fitSplit} from "../lib/learn/experiment.js";
import {SESSION_MODES} from "../lib/learn/sequences.js";
import {SPLIT_KINDS, splitCounts} from "../lib/learn/splits.js";
import {evaluateModel, evaluationSummary, formatEvaluation} from "../lib/learn/evaluate.js";
import {serializeArtifact, type ModelConfig, type SplitSpec} from "../lib/learn/artifact.js";
import {choice, integer} from "./optionValues.js";

const HELP = `usage: perfspec train --model ngram|bayes|lstm --data <file|dir> [options]

Trains on the training part only, evaluates on the held-out part and writes a model folder
(config.json, vocabulary.json, schema.json, split.json, metrics.json, history.json, weights, manifest.json).

options:
  --model KIND          ngram | bayes | lstm (required)
  --data PATH           prepare output folder, audit JSONL(.gz/.xz), Logstash CSV or action list; repeatable (required)
  --out DIR             model folder (default models/<model>-w<window>)
  --window N            previous actions the model reads (default 2)
  --split KIND          chrono | random | group (default chrono)
  --test-fraction F     held-out fraction (default 0.2)
  --session MODE        global | user | namespace (default global)
  --seed S              seed of the split and the LSTM (default 42)
  --epochs E            LSTM maximum epochs (default 30)
  --units U             LSTM units (default 64)
  --json                print the metrics as JSON
  -h, --help            this help

example:
  perfspec train --model ngram --window 2 --data events-dataset.first-half-dedup.txt --out models/ngram-w2`;

export async function run(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {
      model: {type: "string"},
      data: {type: "string", multiple: true},
      out: {type: "string"},
      window: {type: "string", default: "2"},
      split: {type: "string", default: "chrono"},
      "test-fraction": {type: "string", default: "0.2"},
      session: {type: "string", default: "global"},
      seed: {type: "string", default: "42"},
      epochs: {type: "string"},
      units: {type: "string"},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return (console.log(HELP), 0);
  const kind = values.model as ModelKind;
  if (!MODEL_KINDS.includes(kind)) throw new Error(`--model must be one of ${MODEL_KINDS.join(", ")} (see --help)`);
  if (!values.data?.length) throw new Error("--data is required (see --help)");
  const window = integer(values.window, "--window");
  const split = choice(values.split, SPLIT_KINDS, "--split");
  const session = choice(values.session, SESSION_MODES, "--session");
  const testFraction = Number(values["test-fraction"]);
  const seed = integer(values.seed, "--seed", 0);
  const out = values.out ?? `models/${kind}-w${window}`;

  const records = await loadActionRecords(values.data);
  const experiment = prepareExperiment(records, {session, split, window, testFraction, seed});
  const hyperparameters: Record<string, unknown> = {};
  if (kind === "lstm") {
    hyperparameters.seed = seed;
    if (values.epochs) hyperparameters.epochs = integer(values.epochs, "--epochs");
    if (values.units) hyperparameters.units = integer(values.units, "--units");
    const {setupTfBackend} = await import("../node/tfBackend.js");
    await setupTfBackend();
  }
  const log = values.json ? console.error : console.log;
  log(
    `${kind} w=${window}: ${records.length} actions, ${experiment.sessions.length} session(s), ${split} split: ${experiment.split.trainWindows.length} training / ${experiment.split.testWindows.length} test windows, vocabulary ${experiment.vocabulary.actions.length}`
  );
  const model = await createModel({kind, window, vocabulary: experiment.vocabulary, hyperparameters});
  try {
    const progress = epochReporter(kind, (hyperparameters.epochs as number | undefined) ?? 30, values.json);
    let fit;
    try {
      fit = await fitSplit(model, experiment, {onEpochEnd: progress.onEpochEnd});
    } finally {
      progress.stop();
    }
    if (fit.method === "window-sequences")
      console.error("warning: this model cannot fit exact windows; each training window was given as a short sequence");
    const evaluation = evaluateModel(model, experiment.vocabulary, experiment.split.testWindows, {
      trainWindows: experiment.split.trainWindows,
      stream: experiment.stream,
      seed
    });
    const metrics = {...evaluationSummary(evaluation), perClass: evaluation.perClass, fitSeconds: fit.seconds};
    const config: ModelConfig = {
      kind,
      window,
      session,
      hyperparameters,
      seed,
      data: {source: values.data},
      vocabularySize: experiment.vocabulary.actions.length,
      createdAt: new Date().toISOString()
    };
    const splitSpec: SplitSpec = {
      source: values.data,
      kind: split,
      session,
      window,
      testFraction,
      seed,
      counts: {actions: records.length, ...splitCounts(experiment.split)},
      fitMethod: fit.method
    };
    await writeArtifactDir(
      out,
      await serializeArtifact({
        model,
        vocabulary: experiment.vocabulary,
        config,
        split: splitSpec,
        metrics,
        history: fit.history
      })
    );
    if (values.json) console.log(JSON.stringify(metrics, null, 2));
    else {
      console.log(
        `trained in ${fit.seconds.toFixed(2)} s${fit.stoppedEarly ? ` (stopped early, best epoch ${fit.bestEpoch})` : ""}; held-out evaluation:`
      );
      for (const line of formatEvaluation(evaluation)) console.log("  " + line);
    }
    log(`wrote ${out}/`);
    return 0;
  } finally {
    model.dispose();
  }
}

/** Epoch reporting: a cli-progress bar (epoch, loss, accuracy, time) for the LSTM on a terminal, plain lines otherwise. */
function epochReporter(
  kind: ModelKind,
  epochs: number,
  quiet: boolean
): {onEpochEnd: (log: EpochLog) => void; stop: () => void} {
  if (kind !== "lstm") return {onEpochEnd: () => {}, stop: () => {}};
  const line = (l: EpochLog) =>
    `loss ${l.loss.toFixed(4)} acc ${l.accuracy.toFixed(4)}${l.valAccuracy !== undefined ? ` val_acc ${l.valAccuracy.toFixed(4)}` : ""}`;
  if (quiet || !process.stderr.isTTY)
    return {
      onEpochEnd: (l) => console.error(`epoch ${l.epoch}: ${line(l)} (${l.seconds.toFixed(1)} s)`),
      stop: () => {}
    };
  const bar = new cliProgress.SingleBar(
    {format: "epoch {value}/{total} [{bar}] {metrics} | {time} s", hideCursor: true},
    cliProgress.Presets.shades_classic
  );
  const start = performance.now();
  bar.start(epochs, 0, {metrics: "", time: "0.0"});
  return {
    onEpochEnd: (l) => bar.update(l.epoch, {metrics: line(l), time: ((performance.now() - start) / 1000).toFixed(1)}),
    stop: () => bar.stop()
  };
}
