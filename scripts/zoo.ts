/**
 * The model zoo on one protocol: every kind (n-gram and LSTM as references, GRU, Transformer, TCN, MLP, context)
 * trained with trainRun at its defaults and evaluated on the same held-out windows, with a paired bootstrap
 * of each against the n-gram. Prints one JSON line per model, then a Markdown table (docs/models.md).
 * Usage: npx tsx scripts/zoo.ts [--protocol honest|per-user] [--window 2] [--kinds gru,mlp] [--epochs E] [--seed 42]
 *   honest:   the de-duplicated embedded sequence, one global session, chronological 80/20 (protocol (b));
 *   per-user: audit-logs.csv (2,163 actions with users), one session per user, chronological 80/20 (protocol (c)).
 */
import {parseArgs} from "node:util";
import {trainRun, type ModelChoice} from "../src/lib/learn/index.js";
import type {ModelKind} from "../src/lib/learn/predictor.js";
import {NEURAL_KINDS} from "../src/lib/learn/models.js";
import {pairedBootstrap} from "../src/lib/metrics/pairedBootstrap.js";
import {loadActionRecords} from "../src/node/loadActions.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

const {values} = parseArgs({
  options: {
    protocol: {type: "string", default: "honest"},
    window: {type: "string", default: "2"},
    kinds: {type: "string", default: "ngram,lstm,gru,transformer,tcn,mlp,context"},
    epochs: {type: "string"},
    seed: {type: "string", default: "42"}
  }
});
const DATA = "data/perfspec-kubernetes-event-dataset/";
const PROTOCOLS = {
  honest: {data: "events-dataset.first-half-dedup.txt", session: "global"},
  "per-user": {data: "audit-logs.csv.xz", session: "user"}
} as const;
const protocol = PROTOCOLS[values.protocol as keyof typeof PROTOCOLS];
if (!protocol) throw new Error(`--protocol must be one of ${Object.keys(PROTOCOLS).join(", ")}`);
const window = Number(values.window);
const seed = Number(values.seed);
const records = await loadActionRecords([DATA + protocol.data]);
await setupTfBackend();

const pct = (x: number) => (100 * x).toFixed(1);
const rows: string[] = [];
let reference: {truth: string[]; predictions: string[]} | undefined;
for (const kind of values.kinds.split(",") as ModelKind[]) {
  const neural = NEURAL_KINDS.includes(kind);
  const model = {kind, ...(neural && values.epochs ? {hyperparameters: {epochs: Number(values.epochs)}} : {})};
  const run = await trainRun(records, {
    model: model as ModelChoice,
    session: protocol.session,
    split: "chrono",
    window,
    seed,
    source: [protocol.data]
  });
  run.model.dispose();
  const {evaluation: e, fit} = run;
  const versus = reference ? pairedBootstrap(e.truth, e.predictions, reference.predictions, {seed}) : undefined;
  if (kind === "ngram") reference = {truth: e.truth, predictions: e.predictions};
  const result = {
    protocol: values.protocol,
    kind,
    window,
    n: e.n,
    accuracy: e.accuracy,
    ci: e.ci.accuracy,
    top5: e.top5,
    macroF1: e.macroF1,
    epochs: fit.history.length,
    bestEpoch: fit.bestEpoch,
    fitSeconds: fit.seconds,
    secondsPerEpoch: neural ? fit.seconds / Math.max(1, fit.history.length) : undefined,
    versusNgram: versus && {difference: versus.difference, ci: versus.ci, pValue: versus.pValue}
  };
  console.log(JSON.stringify(result));
  rows.push(
    `| ${kind} | ${pct(e.accuracy)}% [${pct(e.ci.accuracy[0])}, ${pct(e.ci.accuracy[1])}] | ${pct(e.top5)}% | ${e.macroF1.toFixed(3)} | ${
      versus
        ? `${versus.difference >= 0 ? "+" : ""}${pct(versus.difference)} [${pct(versus.ci[0])}, ${pct(versus.ci[1])}], p = ${versus.pValue.toFixed(3)}`
        : "–"
    } | ${neural ? `${fit.history.length} (best ${fit.bestEpoch ?? "–"})` : "–"} | ${fit.seconds.toFixed(1)} |`
  );
}
console.log(
  `\n| model | top-1 [95% CI] | top-5 | macro F1 | − n-gram (paired, points) | epochs | fit s |\n|---|---|---|---|---|---|---|\n${rows.join("\n")}`
);
