/**
 * Protocol (d) of `npm run reproduce`: audit-logs.csv with one session per (user, namespace), chronological 80/20
 * per session. `--model auto` (the grid search of modelSearch.ts on a validation part of the training part, then a
 * refit on all of it) against the n-gram baseline (w=2, the shipped default) and an n-gram whose window is chosen
 * on the same validation part; top-1 and top-5 with bootstrap intervals, paired bootstrap tests on the same test
 * windows, and what caps the figures. Each model is also recorded as a run (artifact included) in the runs folder.
 * Alone: `npm run reproduce -- --only d [--runs runs]`.
 */
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {loadActions} from "../src/node/loadActions.js";
import {writeArtifactDir} from "../src/node/artifact.js";
import {recordTrainRun} from "../src/node/recordRun.js";
import {serializeArtifact, trainRun, type ModelChoice, type TrainRun, type TrainSpec} from "../src/lib/learn/index.js";
import {searchModels, SEARCH_SPACE, type SearchResult} from "../src/lib/learn/modelSearch.js";
import {pairedBootstrap, type PairedBootstrap} from "../src/lib/metrics/index.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DATA = join(ROOT, "data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz");

export interface ProtocolDRow {
  model: string;
  kind: string;
  window: number;
  hyperparameters: unknown;
  n: number;
  accuracy: number;
  ci: [number, number];
  top5: number;
  run?: string;
}

export interface ProtocolD {
  data: string;
  rows: ProtocolDRow[];
  comparisons: {a: string; b: string; test: PairedBootstrap}[];
  limits: {testWindows: number; unseenTargets: number; top5Ceiling: number; windowsOfNewSessions: number};
}

/**
 * Run protocol (d); with `runs`, record each model as a run there (artifacts in <runs>/artifacts/d-<name>/).
 * @example const d = await protocolD({seed: 42, runs: "runs"})
 */
export async function protocolD({seed, runs}: {seed: number; runs?: string}): Promise<ProtocolD> {
  const {actions: records, report} = await loadActions(DATA);
  const source = [relative(ROOT, DATA)];
  const base = {session: "user-namespace", split: "chrono", testFraction: 0.2, seed} as const;
  console.error(`(d) per (user, namespace): ${source[0]}, ${records.length} actions`);
  const log = (s: string) => process.stderr.write(`  ${s}\r`);

  const ngramSearch = await searchModels(records, {
    ...base,
    space: SEARCH_SPACE.filter((s) => s.kind === "ngram"),
    onCandidate: (_, i, total) => log(`n-gram search ${i}/${total}`)
  });
  const autoSearch = await searchModels(records, {
    ...base,
    onCandidate: (_, i, total) => log(`auto search ${i}/${total}`)
  });
  const fromSearch = (s: SearchResult) => ({
    model: {kind: s.best.params.kind, hyperparameters: s.best.params.hyperparameters} as ModelChoice,
    window: s.best.params.window
  });
  const plan: {label: string; name: string; model: ModelChoice; window: number; search?: SearchResult}[] = [
    {label: "n-gram w=2 (baseline)", name: "ngram-w2", model: {kind: "ngram"}, window: 2},
    {label: "n-gram, window validated", name: "ngram-validated", ...fromSearch(ngramSearch), search: ngramSearch},
    {label: "--model auto", name: "auto", ...fromSearch(autoSearch), search: autoSearch}
  ];
  const rows: ProtocolDRow[] = [];
  const outputs = new Map<string, TrainRun>();
  for (const p of plan) {
    const spec: TrainSpec = {...base, window: p.window, model: p.model, source};
    const run = await trainRun(records, spec);
    outputs.set(p.label, run);
    const e = run.evaluation;
    let id: string | undefined;
    if (runs) {
      const files = await serializeArtifact(run.artifact);
      const artifactDir = join(runs, "artifacts", `d-${p.name}`);
      await writeArtifactDir(artifactDir, files);
      const record = await recordTrainRun(runs, run, {
        records,
        files,
        artifactDir,
        policy: report?.policy,
        search: p.search?.candidates
      });
      id = record.id;
    }
    run.model.dispose();
    rows.push({
      model: p.label,
      kind: p.model.kind,
      window: p.window,
      hyperparameters: run.artifact.config.hyperparameters,
      n: e.n,
      accuracy: e.accuracy,
      ci: e.ci.accuracy,
      top5: e.top5,
      run: id
    });
  }
  const comparisons = [
    ["--model auto", "n-gram w=2 (baseline)"],
    ["--model auto", "n-gram, window validated"]
  ].map(([a, b]) => {
    const A = outputs.get(a)!.evaluation;
    const B = outputs.get(b)!.evaluation;
    return {a, b, test: pairedBootstrap(A.truth, A.predictions, B.predictions, {seed})};
  });
  const any = outputs.get("--model auto")!;
  const trained = new Set(any.experiment.split.trainSessions);
  const limits = {
    testWindows: any.evaluation.n,
    unseenTargets: any.evaluation.leakage.unseenTargets,
    top5Ceiling: 1 - any.evaluation.leakage.unseenTargets / any.evaluation.n,
    windowsOfNewSessions: any.experiment.split.testWindows.filter((w) => !trained.has(w.session)).length
  };

  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\n(d) per (user, namespace) sessions, audit-logs.csv, chronological 80/20 per session (seed ${seed})`);
  for (const r of rows)
    console.log(
      `  ${r.model.padEnd(26)} ${r.kind} w=${r.window} ${JSON.stringify(r.hyperparameters)}: top-1 ${pct(r.accuracy)} [${pct(r.ci[0])}, ${pct(r.ci[1])}], top-5 ${pct(r.top5)}${r.run ? `  (run ${r.run})` : ""}`
    );
  for (const {a, b, test} of comparisons)
    console.log(
      `  ${a} - ${b}: ${(100 * test.difference).toFixed(1)} points [${(100 * test.ci[0]).toFixed(1)}, ${(100 * test.ci[1]).toFixed(1)}], p = ${test.pValue.toFixed(3)}`
    );
  console.log(
    `  limits: ${limits.unseenTargets} of ${limits.testWindows} test targets never occur in training (top-5 cannot exceed ${pct(limits.top5Ceiling)}); ${limits.windowsOfNewSessions} test windows belong to sessions with no training part`
  );
  return {data: source[0], rows, comparisons, limits};
}
