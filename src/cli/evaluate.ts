/** `perfspec evaluate`: rebuild a model's held-out part from its split.json (or other data) and evaluate it there. */
import {parseArgs} from "node:util";
import {loadModelDir} from "../node/artifact.js";
import {prepareExperiment} from "../lib/learn/experiment.js";
import {splitCounts} from "../lib/learn/splits.js";
import {evaluateModel, evaluationSummary, formatEvaluation} from "../lib/learn/evaluate.js";
import {loadActionRecords} from "../node/loadActions.js";
import {integer} from "./optionValues.js";

const HELP = `usage: perfspec evaluate --model <dir> [--data <file|dir>] [--json]

Rebuilds the split recorded in the model's split.json (data source, split kind, test fraction, seed, session)
and evaluates the model on the held-out part: accuracy with a bootstrap 95% CI, top-5, macro and weighted F1,
inference time, and the leakage audit (test windows also in training, repeated input).

options:
  --model DIR        model folder written by 'perfspec train' (required)
  --data PATH        evaluate on this data instead of split.json's source (same split settings); repeatable
  --resamples N      bootstrap resamples (default 1000)
  --json             print JSON (keys: n, accuracy, top5, macroF1, weightedF1, ci, leakage, inferenceMicros, ...)
  --per-class        also print per-class precision/recall/F1 (JSON: perClass)
  --allow-other-vocabulary
                     evaluate even when the data's training part has another vocabulary than the model
                     (actions are mapped by name, unknown ones read as <unk>); refused without it
  -h, --help         this help

example:
  perfspec evaluate --model models/ngram-w2 --json`;

export async function run(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {
      model: {type: "string"},
      data: {type: "string", multiple: true},
      resamples: {type: "string", default: "1000"},
      json: {type: "boolean", default: false},
      "per-class": {type: "boolean", default: false},
      "allow-other-vocabulary": {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return (console.log(HELP), 0);
  if (!values.model) throw new Error("--model is required (see --help)");
  const {artifact, model} = await loadModelDir(values.model);
  try {
    const {split, config} = artifact;
    const source = values.data ?? split.source;
    const records = await loadActionRecords(source);
    const experiment = prepareExperiment(records, {
      session: split.session,
      split: split.kind,
      window: split.window,
      testFraction: split.testFraction,
      seed: split.seed
    });
    const counts = splitCounts(experiment.split);
    const warn = (message: string) => console.error(`warning: ${message}`);
    if (!values.data && (records.length !== split.counts.actions || counts.testWindows !== split.counts.testWindows))
      warn(
        `${source.join(", ")} gives ${records.length} actions / ${counts.testWindows} test windows, split.json recorded ${split.counts.actions} / ${split.counts.testWindows}: the data changed since training`
      );
    if (experiment.vocabulary.actions.join("\n") !== artifact.vocabulary.actions.join("\n")) {
      const describe = (v: {actions: readonly string[]}) => `${v.actions.length - 2} actions`;
      const message = `the training part of ${source.join(", ")} has another vocabulary (${describe(experiment.vocabulary)}) than the model ${values.model} (${describe(artifact.vocabulary)})`;
      if (!values["allow-other-vocabulary"])
        throw new Error(
          `${message}: refusing to evaluate, since ids would not mean the same actions. Pass --allow-other-vocabulary to map actions by name (unknown ones as <unk>).`
        );
      warn(`${message}; actions are mapped by name, unknown ones read as <unk>`);
    }
    const evaluation = evaluateModel(model, artifact.vocabulary, experiment.split.testWindows, {
      trainWindows: experiment.split.trainWindows,
      stream: experiment.stream,
      seed: split.seed,
      resamples: integer(values.resamples, "--resamples")
    });
    if (values.json) {
      const summary = {
        model: values.model,
        kind: config.kind,
        window: config.window,
        session: split.session,
        split: split.kind,
        source,
        ...evaluationSummary(evaluation)
      };
      console.log(JSON.stringify(values["per-class"] ? {...summary, perClass: evaluation.perClass} : summary, null, 2));
    } else {
      console.log(
        `${config.kind} w=${config.window} (${values.model}) on the ${split.kind} split of ${source.join(", ")}, session ${split.session}, test fraction ${split.testFraction}, seed ${split.seed}`
      );
      for (const line of formatEvaluation(evaluation)) console.log("  " + line);
      if (values["per-class"]) {
        console.log("\n  label                                      support  precision  recall     F1");
        for (const c of [...evaluation.perClass].sort((a, b) => b.support - a.support))
          console.log(
            `  ${c.label.padEnd(42)} ${String(c.support).padStart(7)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${c.f1.toFixed(3)}`
          );
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}
