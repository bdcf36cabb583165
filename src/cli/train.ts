/** `perfspec train`: fit a next-action model on the training part of a split, evaluate it on the held-out part, write the artifact. */
import cliProgress from "cli-progress";
import {ACTION_KEYS, loadTemplateActionRecords} from "../node/templateActions.js";
import {loadPolicedActions, PolicyMismatchError} from "../node/loadActions.js";
import {policyLabel} from "../lib/ingest/cleaningPolicy.js";
import {writeArtifactDir} from "../node/artifact.js";
import type {EpochLog, ModelKind} from "../lib/learn/predictor.js";
import {MODEL_KINDS, NEURAL_KINDS, type ModelChoice} from "../lib/learn/models.js";
import type {TrainingOptions} from "../lib/learn/trainingOptions.js";
import {SESSION_MODES} from "../lib/learn/sequences.js";
import {SPLIT_KINDS} from "../lib/learn/splits.js";
import {formatEvaluation} from "../lib/learn/evaluate.js";
import {serializeArtifact} from "../lib/learn/artifact.js";
import {trainRun} from "../lib/learn/trainRun.js";
import {choice, integer} from "./optionValues.js";
import {searchModels, type SearchResult} from "../lib/learn/modelSearch.js";
import {recordTrainRun} from "../node/recordRun.js";
import {runsDir} from "../node/runRegistry.js";
import {parseLearningArgs} from "./learningOptions.js";
import {policyOption} from "./policyOption.js";
import {isUsageError} from "./usage.js";

const HELP = `usage: perfspec train --model ngram|bayes|lstm|gru|transformer|tcn|mlp|context|actor|interp|auto --data <file|dir> [options]

Trains on the training part only, evaluates on the held-out part and writes a model folder
(config.json, vocabulary.json, schema.json, split.json, metrics.json, history.json, weights, manifest.json),
and records the run in the runs folder (see 'perfspec runs --help').

options:
  --model KIND          ngram | bayes | lstm | gru | transformer | tcn | mlp | context | actor | interp | auto (required);
                        auto searches kinds, windows and settings on a validation part of the training part,
                        then refits the best on all of it
  --data PATH           prepare output folder, audit JSONL(.gz/.xz), Logstash CSV or action list; repeatable (required)
  --out DIR             model folder (default models/<model>-w<window>)
  --window N            previous actions the model reads (default 2; searched with --model auto)
  --split KIND          chrono | random | group (default chrono)
  --test-fraction F     held-out fraction (default 0.2)
  --session MODE        global | user | namespace | user-namespace (default global)
  --action-key K        verb_resource (default) | template: request-URI templates of audit JSON events
                        (create /api/v1/namespaces/<*>/pods/<*>/exec; see docs/templates.md)
  --seed S              seed of the split and the neural models (default 42)
neural models (lstm, gru, transformer, tcn, mlp, context; defaults in docs/models.md):
  --epochs E            maximum epochs (default 30)
  --units U             hidden width: recurrent state, feed-forward, filters (default 64)
  --layers L            Transformer blocks, TCN layers, MLP hidden layers
  --batch-size B        windows per step (default 64)
  --learning-rate R     Adam's (peak) learning rate (default 0.005)
  --class-weights W     none | balanced (default none)
  --monitor M           early stopping on valLoss | macroF1 (default valLoss)
  --schedule S          plateau | cosine (default: lstm plateau, the zoo cosine with 1 warm-up epoch)
  --clip-norm C         clip the gradients' global norm (0: off; default: lstm 0, the zoo 1)
  --validation-fraction F
                        share of the training part --model auto validates on (default 0.2)
  --runs DIR            runs folder (default $PERFSPEC_RUNS or runs/)
  --policy P            cleaning policy for raw inputs: perfspec (default) | security | a JSON file of overrides
                        (docs/cleaning-policy.md); recorded in config.json. A prepared folder keeps its own policy
  --json                print the metrics as JSON
  -h, --help            this help

example:
  perfspec train --model ngram --window 2 --data events-dataset.first-half-dedup.txt --out models/ngram-w2`;

export async function run(argv: string[]): Promise<number> {
  const values = parseLearningArgs(argv, {
    out: {type: "string"},
    window: {type: "string", default: "2"},
    split: {type: "string", default: "chrono"},
    "test-fraction": {type: "string", default: "0.2"},
    session: {type: "string", default: "global"},
    seed: {type: "string", default: "42"},
    epochs: {type: "string"},
    units: {type: "string"},
    layers: {type: "string"},
    "batch-size": {type: "string"},
    "learning-rate": {type: "string"},
    "class-weights": {type: "string"},
    monitor: {type: "string"},
    schedule: {type: "string"},
    "clip-norm": {type: "string"},
    "action-key": {type: "string", default: "verb_resource"},
    "validation-fraction": {type: "string", default: "0.2"},
    runs: {type: "string"},
    policy: {type: "string"}
  });
  if (values.help) return (console.log(HELP), 0);
  if (!values.model) throw new Error("--model is required (see --help)");
  const requested = choice(values.model, [...MODEL_KINDS, "auto" as const], "--model");
  if (!values.data?.length) throw new Error("--data is required (see --help)");
  let window = integer(values.window, "--window");
  const actionKey = choice(values["action-key"], ACTION_KEYS, "--action-key");
  let loaded;
  try {
    const policy = values.policy === undefined ? undefined : await policyOption(values.policy);
    loaded =
      actionKey === "template"
        ? await loadTemplateActionRecords(values.data, policy)
        : await loadPolicedActions(values.data, policy);
  } catch (error) {
    if (!isUsageError(error) && !(error instanceof PolicyMismatchError)) throw error;
    console.error(`perfspec train: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const records = loaded.actions;
  const policy = loaded.policy;
  let search: SearchResult | undefined;
  if (requested === "auto") {
    search = await searchModels(records, {
      session: choice(values.session, SESSION_MODES, "--session"),
      split: choice(values.split, SPLIT_KINDS, "--split"),
      testFraction: Number(values["test-fraction"]),
      seed: integer(values.seed, "--seed", 0),
      validationFraction: Number(values["validation-fraction"]),
      onCandidate: (c, i, total) =>
        (values.json ? console.error : console.log)(
          `search ${i}/${total}: ${c.params.kind} w=${c.params.window} ${JSON.stringify(c.params.hyperparameters)}: validation top-1 ${c.validation.accuracy.toFixed(3)} top-5 ${c.validation.top5.toFixed(3)} (${c.validation.n} windows)`
        )
    });
    window = search.best.params.window;
  }
  const kind: ModelKind = search ? search.best.params.kind : (requested as ModelKind);
  const out = values.out ?? `models/${kind}-w${window}`;
  const hyperparameters = search
    ? search.best.params.hyperparameters
    : NEURAL_KINDS.includes(kind)
      ? neuralOptions(values)
      : undefined;
  const model = {kind, ...(hyperparameters === undefined ? {} : {hyperparameters})} as ModelChoice;
  const spec = {
    model,
    source: values.data,
    window,
    split: choice(values.split, SPLIT_KINDS, "--split"),
    session: choice(values.session, SESSION_MODES, "--session"),
    testFraction: Number(values["test-fraction"]),
    seed: integer(values.seed, "--seed", 0),
    policy
  };
  if (NEURAL_KINDS.includes(kind)) await (await import("../node/tfBackend.js")).setupTfBackend();
  const log = values.json ? console.error : console.log;
  const epochs = (model.hyperparameters as {epochs?: number} | undefined)?.epochs || 30;
  // The bar starts after the experiment line, so the line is not drawn over.
  let progress: ReturnType<typeof epochReporter> | undefined;
  let run;
  try {
    run = await trainRun(records, spec, {
      onExperiment: (e) => {
        log(
          `${kind} w=${window}: ${records.length} actions (policy ${policy === null ? "unknown" : policyLabel(policy)}), ${e.sessions.length} session(s), ${spec.split} split: ${e.split.trainWindows.length} training / ${e.split.testWindows.length} test windows, vocabulary ${e.vocabulary.actions.length}`
        );
        progress = epochReporter(kind, epochs, values.json === true);
      },
      onEpochEnd: (l) => progress?.onEpochEnd(l),
      onFit: (fit) =>
        void (
          fit.method === "window-sequences" &&
          console.error(
            "warning: this model cannot fit exact windows; each training window was given as a short sequence"
          )
        )
    });
  } finally {
    progress?.stop();
  }
  try {
    const {fit, evaluation, metrics} = run;
    const files = await serializeArtifact(run.artifact);
    await writeArtifactDir(out, files);
    if (values.json) console.log(JSON.stringify(metrics, null, 2));
    else {
      console.log(
        `trained in ${fit.seconds.toFixed(2)} s${fit.stoppedEarly ? ` (stopped early, best epoch ${fit.bestEpoch})` : ""}; held-out evaluation:`
      );
      for (const line of formatEvaluation(evaluation)) console.log("  " + line);
    }
    log(`wrote ${out}/`);
    const runs = runsDir(values.runs);
    const record = await recordTrainRun(runs, run, {
      records,
      files,
      artifactDir: out,
      policy,
      search: search?.candidates
    });
    log(`recorded run ${record.id} in ${runs}/`);
    return 0;
  } finally {
    run.model.dispose();
  }
}

/** The neural hyperparameters given on the command line (the others keep the kind's defaults). */
function neuralOptions(values: Record<string, string | boolean | string[] | undefined>): TrainingOptions & {
  units?: number;
  layers?: number;
} {
  const text = (name: string) => values[name] as string | undefined;
  const number = (name: string) => {
    const n = Number(text(name));
    if (!(n >= 0) || text(name)?.trim() === "") throw new Error(`--${name} must be a number >= 0, got "${text(name)}"`);
    return n;
  };
  const options: TrainingOptions & {units?: number; layers?: number} = {};
  if (text("epochs")) options.epochs = integer(text("epochs"), "--epochs");
  if (text("units")) options.units = integer(text("units"), "--units");
  if (text("layers") && values.model === "lstm") throw new Error("--layers does not apply to --model lstm (one layer)");
  if (text("layers")) options.layers = integer(text("layers"), "--layers");
  if (text("batch-size")) options.batchSize = integer(text("batch-size"), "--batch-size");
  if (text("learning-rate")) options.learningRate = number("learning-rate");
  if (text("clip-norm")) options.clipNorm = number("clip-norm");
  if (text("class-weights"))
    options.classWeights = choice(text("class-weights"), ["none", "balanced"] as const, "--class-weights");
  if (text("monitor")) options.monitor = choice(text("monitor"), ["valLoss", "macroF1"] as const, "--monitor");
  if (text("schedule")) options.schedule = choice(text("schedule"), ["plateau", "cosine"] as const, "--schedule");
  return options;
}

/** Epoch reporting: a cli-progress bar (epoch, loss, accuracy, time) for the LSTM on a terminal, plain lines otherwise. */
function epochReporter(
  kind: ModelKind,
  epochs: number,
  quiet: boolean
): {onEpochEnd: (log: EpochLog) => void; stop: () => void} {
  if (!NEURAL_KINDS.includes(kind)) return {onEpochEnd: () => {}, stop: () => {}};
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
