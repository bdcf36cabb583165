/** `perfspec evaluate`: rebuild a model's held-out part from its split.json (or other data) and evaluate it there. */
import {loadModelDir} from "../node/artifact.js";
import {formatEvaluation} from "../lib/learn/evaluate.js";
import {evaluateRun, OtherVocabularyError} from "../lib/learn/evaluateRun.js";
import {loadPolicedActions, PolicyMismatchError} from "../node/loadActions.js";
import {modelPolicy} from "../lib/learn/artifact.js";
import {policyLabel} from "../lib/ingest/cleaningPolicy.js";
import {integer} from "./optionValues.js";
import {parseLearningArgs} from "./learningOptions.js";

const HELP = `usage: perfspec evaluate --model <dir> [--data <file|dir>] [--json]

Rebuilds the split recorded in the model's split.json (data source, split kind, test fraction, seed, session)
and evaluates the model on the held-out part: accuracy with a bootstrap 95% CI, top-5, macro and weighted F1,
inference time, and the leakage audit (test windows also in training, repeated input). Raw inputs are prepared
with the cleaning policy the model records (config.json data.policy); a prepared folder made with another policy is
refused (exit 2), since its actions do not mean what the model's do.

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
  const values = parseLearningArgs(argv, {
    resamples: {type: "string", default: "1000"},
    "per-class": {type: "boolean", default: false},
    "allow-other-vocabulary": {type: "boolean", default: false}
  });
  if (values.help) return (console.log(HELP), 0);
  if (!values.model) throw new Error("--model is required (see --help)");
  const {artifact, model} = await loadModelDir(values.model);
  try {
    const {split, config} = artifact;
    const source = values.data ?? split.source;
    const policy = modelPolicy(artifact.config);
    if (policy === null) console.error(`warning: ${values.model} does not record its cleaning policy; not checked`);
    let records;
    try {
      records = (await loadPolicedActions(source, policy)).actions;
    } catch (error) {
      if (!(error instanceof PolicyMismatchError)) throw error;
      console.error(
        `perfspec evaluate: ${values.model} was trained on actions of the ${policyLabel(policy)} policy; ${error.message}`
      );
      return 2;
    }
    let result;
    try {
      result = evaluateRun(artifact, model, records, {
        name: values.model,
        source: values.data,
        allowOtherVocabulary: values["allow-other-vocabulary"],
        resamples: integer(values.resamples, "--resamples")
      });
    } catch (error) {
      if (!(error instanceof OtherVocabularyError)) throw error;
      throw new Error(
        `${error.message}. Pass --allow-other-vocabulary to map actions by name (unknown ones as <unk>).`,
        {cause: error}
      );
    }
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    const {evaluation, summary} = result;
    if (values.json) {
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
