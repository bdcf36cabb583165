/** `perfspec predict`: the most likely next actions after a context, from a trained model folder. */
import {parseArgs} from "node:util";
import {loadModelDir} from "../node/artifact.js";
import {PAD, PAD_ID, UNK, UNK_ID} from "../lib/learn/vocabulary.js";
import {contextBefore, encodeContext} from "../lib/learn/windows.js";
import {topK} from "../lib/metrics/topKAccuracy.js";
import {integer} from "./optionValues.js";
import {modelPolicy} from "../lib/learn/artifact.js";
import {policyLabel} from "../lib/ingest/cleaningPolicy.js";

const HELP = `usage: perfspec predict --model <dir> [--k K] [--json] <action> <action> ...

Prints the K most likely next actions after the given actions (oldest first). Only the last W actions are used
(W = the model's window); fewer are padded as at the start of a session. Actions the model never saw are
warned about and read as UNK.

options:
  --model DIR   model folder written by 'perfspec train' (required)
  --k K         how many actions to list (default 5)
  --json        print JSON: {context, unknown, predictions: [{action, probability}]}
  -h, --help    this help

example:
  perfspec predict --model models/ngram-w2 --k 3 create_namespaces create_serviceaccounts`;

export async function run(argv: string[]): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: {type: "string"},
      k: {type: "string", default: "5"},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return (console.log(HELP), 0);
  if (!values.model) throw new Error("--model is required (see --help)");
  const k = integer(values.k, "--k");
  const {artifact, model} = await loadModelDir(values.model);
  try {
    const {vocabulary} = artifact;
    const context = contextBefore(positionals, positionals.length, model.window, PAD);
    const unknown = context.filter((a) => a !== PAD && !vocabulary.index.has(a));
    for (const a of unknown) console.error(`warning: "${a}" is not in the model's vocabulary; read as ${UNK}`);
    // An action named by another policy (create_pods/exec for a perfspec model) is unknown for that reason alone.
    const policy = modelPolicy(artifact.config);
    if (unknown.length > 0 && policy !== null)
      console.error(
        `note: the model's actions follow the ${policyLabel(policy)} cleaning policy (${policy.subresourceInAction ? "with" : "no"} /subresource, ${policy.deniedCodes.length > 0 ? "with" : "no"} :denied)`
      );
    const ids = encodeContext(vocabulary, context);
    const [row] = model.predict([ids]);
    const predictions = topK(row, k, [PAD_ID, UNK_ID]).map((id) => ({
      action: vocabulary.actions[id],
      probability: row[id]
    }));
    if (values.json)
      console.log(
        JSON.stringify({context: ids.map((id, i) => (id === UNK_ID ? UNK : context[i])), unknown, predictions}, null, 2)
      );
    else {
      console.log(`after ${context.map((a) => (unknown.includes(a) ? `${a}(${UNK})` : a)).join(" ")}:`);
      predictions.forEach((p, i) =>
        console.log(
          `  ${String(i + 1).padStart(2)}. ${p.action.padEnd(44)} ${(100 * p.probability).toFixed(2).padStart(6)}%`
        )
      );
    }
    return 0;
  } finally {
    model.dispose();
  }
}
