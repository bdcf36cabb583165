/**
 * `npm run reproduce`: PerfSPEC's learning-phase table (BN, n-gram w=1/2, LSTM w=1/2) under three protocols,
 * beside the paper's numbers:
 *   (a) paper-like: events-dataset.txt as published (the 10,821-action sequence twice), random split of windows;
 *   (b) honest: events-dataset.first-half-dedup.txt, chronological 80/20 split;
 *   (c) per-user: audit-logs.csv (first 2,163 actions, with users), one session per user, chronological 80/20 per user;
 *   (d) per (user, namespace): --model auto against the n-gram on the same split (scripts/protocolD.ts).
 * Prints one table and writes it as JSON (default src/data/reproduce.json). See docs/evaluation.md.
 * Then issue 10's detectors side by side on the labelled attack corpus (scripts/detect-compare.ts; writes
 * src/data/detectors.json; --skip-detectors leaves it out), and issue 10's bar checked through `perfspec detect` on a
 * corpus of seed 6151, which no test uses (scripts/detect-bar.ts; `--only bar` runs that alone).
 * Usage: npm run reproduce -- [--skip-lstm] [--skip-detectors] [--epochs E] [--out path.json] [--seed S] [--only d|bar] [--runs DIR]
 */
import {execFileSync} from "node:child_process";
import {parseArgs} from "node:util";
import {fileURLToPath} from "node:url";
import {loadActionRecords} from "../src/node/loadActions.js";
import {trainRun, type ExperimentOptions, type ModelChoice} from "../src/lib/learn/index.js";
import {pairedBootstrap, type PairedBootstrap} from "../src/lib/metrics/index.js";
import type {ModelKind} from "../src/lib/learn/predictor.js";
import {protocolD} from "./protocolD.js";
import {writeReproduceSections} from "../src/node/reproduceFile.js";

// The embedded copies of the PerfSPEC dataset (data/perfspec-kubernetes-event-dataset/README.md).
const DATA = fileURLToPath(new URL("../data/perfspec-kubernetes-event-dataset/", import.meta.url));

const PROTOCOLS: {id: string; title: string; data: string; options: Omit<ExperimentOptions, "window">}[] = [
  {
    id: "a",
    title: "(a) paper-like: events-dataset.txt, random split",
    data: "events-dataset.txt.xz",
    options: {session: "global", split: "random"}
  },
  {
    id: "b",
    title: "(b) honest: first-half-dedup, chronological split",
    data: "events-dataset.first-half-dedup.txt",
    options: {session: "global", split: "chrono"}
  },
  {
    id: "c",
    title: "(c) per-user sessions: audit-logs.csv, chronological per user",
    data: "audit-logs.csv.xz",
    options: {session: "user", split: "chrono"}
  }
];

const MODELS: {label: string; kind: ModelKind; window: number; paper: {accuracy: number; seconds: number}}[] = [
  {label: "BN", kind: "bayes", window: 1, paper: {accuracy: 0.797, seconds: 4.29}},
  {label: "n-gram w=1", kind: "ngram", window: 1, paper: {accuracy: 0.882, seconds: 0.01}},
  {label: "n-gram w=2", kind: "ngram", window: 2, paper: {accuracy: 0.973, seconds: 0.07}},
  {label: "LSTM w=1", kind: "lstm", window: 1, paper: {accuracy: 0.923, seconds: 24.01}},
  {label: "LSTM w=2", kind: "lstm", window: 2, paper: {accuracy: 0.976, seconds: 32.75}}
];

const {values} = parseArgs({
  options: {
    "skip-lstm": {type: "boolean", default: false},
    "skip-detectors": {type: "boolean", default: false},
    epochs: {type: "string"},
    seed: {type: "string", default: "42"},
    out: {type: "string", default: fileURLToPath(new URL("../src/data/reproduce.json", import.meta.url))},
    help: {type: "boolean", short: "h", default: false},
    only: {type: "string"},
    runs: {type: "string"}
  }
});
if (values.help) {
  console.log(
    "usage: npm run reproduce -- [--skip-lstm] [--skip-detectors] [--epochs E] [--seed S] [--out file.json] [--only d|bar] [--runs DIR]"
  );
  process.exit(0);
}
const seed = Number(values.seed);
// The bar's rows also go into the JSON's "bar" section (the other sections are kept).
const detectBar = async () => {
  console.log("\nIssue 10's bar through perfspec detect (seed 6151; see docs/detection.md)\n");
  const script = fileURLToPath(new URL("./detect-bar.ts", import.meta.url));
  const bar = JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", script, "--json"], {
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 26
    }).toString()
  ) as {
    rows: {
      command: string;
      recall: number;
      caught: number;
      attacks: number;
      benignFlagged: number;
      benignMutating: number;
      benignPercent: number;
      bar: Record<string, boolean>;
    }[];
  };
  for (const r of bar.rows)
    console.log(
      `${r.command}: recall ${r.recall.toFixed(3)} (${r.caught}/${r.attacks}), ${r.benignFlagged}/${r.benignMutating} benign mutating requests flagged (${r.benignPercent.toFixed(1)}%): bar ${Object.values(r.bar).every(Boolean) ? "met" : "not met"}`
    );
  await writeReproduceSections(values.out!, {bar});
};
if (values.only === "bar") {
  await detectBar();
  process.exit(0);
}
// Protocol (d) alone: its figures and runs, and its section of the JSON (the others are kept), without retraining (a)-(c).
if (values.only === "d") {
  const d = await protocolD({seed, runs: values.runs});
  await writeReproduceSections(values.out!, {d});
  console.error(`wrote section d of ${values.out}`);
  process.exit(0);
}
if (values.only !== undefined) {
  console.error(`--only takes d (protocol (d) alone) or bar (issue 10's bar), got "${values.only}"`);
  process.exit(2);
}
const models = MODELS.filter((m) => !(values["skip-lstm"] && m.kind === "lstm"));
if (models.some((m) => m.kind === "lstm")) await (await import("../src/node/tfBackend.js")).setupTfBackend();

const rows = [];
/** Paired bootstrap tests between models evaluated on the same test windows of one protocol. */
const comparisons: {protocol: string; a: string; b: string; test: PairedBootstrap}[] = [];
const PAIRS: [string, string][] = [
  ["LSTM w=2", "n-gram w=2"],
  ["LSTM w=1", "n-gram w=1"],
  ["n-gram w=2", "BN"]
];
for (const protocol of PROTOCOLS) {
  const outputs = new Map<string, {truth: string[]; predictions: string[]}>();
  const records = await loadActionRecords(DATA + protocol.data);
  console.error(`${protocol.title}: ${records.length} actions`);
  for (const m of models) {
    const model: ModelChoice =
      m.kind === "lstm" && values.epochs
        ? {kind: "lstm", hyperparameters: {epochs: Number(values.epochs)}}
        : {kind: m.kind};
    const run = await trainRun(
      records,
      {...protocol.options, window: m.window, seed, model, source: [protocol.data]},
      {
        onEpochEnd: (l) =>
          void (
            m.kind === "lstm" && process.stderr.write(`  ${m.label} epoch ${l.epoch} acc ${l.accuracy.toFixed(3)}\r`)
          )
      }
    );
    run.model.dispose();
    const {fit, evaluation: e} = run;
    const learnSeconds = fit.seconds;
    outputs.set(m.label, {truth: e.truth, predictions: e.predictions});
    rows.push({
      protocol: protocol.id,
      data: protocol.data,
      ...protocol.options,
      model: m.label,
      kind: m.kind,
      window: m.window,
      n: e.n,
      accuracy: e.accuracy,
      ci: e.ci.accuracy,
      top5: e.top5,
      macroF1: e.macroF1,
      learnSeconds,
      inferenceMicros: e.singleInferenceMicros,
      batchedInferenceMicros: e.inferenceMicros,
      fitMethod: fit.method,
      epochs: fit.history.length,
      leakage: {
        windowFraction: e.leakage.windowFraction,
        contextFraction: e.leakage.contextFraction,
        unseenTargets: e.leakage.unseenTargets,
        period: e.leakage.repetition?.period,
        copies: e.leakage.repetition?.copies
      },
      paper: m.paper
    });
    const r = rows[rows.length - 1];
    console.error(
      `  ${m.label.padEnd(11)} ${(100 * r.accuracy).toFixed(1)}%  (${learnSeconds.toFixed(2)} s)          `
    );
  }
  for (const [a, b] of PAIRS) {
    const A = outputs.get(a);
    const B = outputs.get(b);
    // Windows differ with the model's window size only in padding; the targets (truth) must be the same items.
    if (!A || !B || A.truth.length !== B.truth.length || A.truth.some((t, i) => t !== B.truth[i])) continue;
    comparisons.push({
      protocol: protocol.id,
      a,
      b,
      test: pairedBootstrap(A.truth, A.predictions, B.predictions, {seed})
    });
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const header = ["protocol", "model", "accuracy [95% CI]", "paper", "learn s", "paper s", "µs/pred", "test in train"];
const table = rows.map((r) => [
  r.protocol,
  r.model,
  `${pct(r.accuracy)} [${pct(r.ci[0])}, ${pct(r.ci[1])}]`,
  pct(r.paper.accuracy),
  r.learnSeconds.toFixed(2),
  r.paper.seconds.toFixed(2),
  r.inferenceMicros.toFixed(1),
  pct(r.leakage.windowFraction)
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
console.log(
  [header, ...table]
    .map((row) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "))
    .join("\n")
);
for (const p of PROTOCOLS) console.log(`${p.id}: ${p.title}`);
const d = await protocolD({seed, runs: values.runs});
console.log("\npaired bootstrap (same test windows): accuracy difference A - B [95% CI], p-value");
for (const {protocol, a, b, test} of comparisons) {
  console.log(
    `  (${protocol}) ${a} - ${b}: ${(100 * test.difference).toFixed(1)} points [${(100 * test.ci[0]).toFixed(1)}, ${(100 * test.ci[1]).toFixed(1)}], p = ${test.pValue.toFixed(3)}`
  );
}

// Other keys of an existing file (sections written by other scripts) are kept.
await writeReproduceSections(values.out!, {
  generated: new Date().toISOString(),
  remake: "npm run reproduce",
  seed,
  protocols: PROTOCOLS,
  rows,
  comparisons,
  d
});
console.error(`wrote ${values.out}`);

if (!values["skip-detectors"]) {
  const args = [
    fileURLToPath(new URL("./detect-compare.ts", import.meta.url)),
    "--out",
    fileURLToPath(new URL("../src/data/detectors.json", import.meta.url)),
    ...(values["skip-lstm"] ? [] : ["--lstm"])
  ];
  console.log("\nDetectors on the labelled attack corpus (tuned on validation, tested once; see docs/detection.md)\n");
  execFileSync(process.execPath, ["--import", "tsx", ...args], {stdio: "inherit"});
  await detectBar();
}
