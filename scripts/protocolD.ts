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
import {bestCandidate, searchModels, type SearchResult} from "../src/lib/learn/modelSearch.js";
import type {SearchCandidate} from "../src/lib/learn/runRecord.js";
import {pairedBootstrap, type PairedBootstrap} from "../src/lib/metrics/index.js";
import type {ProtocolDSection} from "../src/lib/learn/protocolDView.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DATA = join(ROOT, "data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz");

/** A row of reproduce.json's `d` section (the page reads the same shape), with the run it was recorded as. */
export type ProtocolDRow = ProtocolDSection["rows"][number] & {run?: string};

/** What one family of candidates reaches on the validation part (its best candidate, chosen as --model auto chooses). */
export interface AblationRow {
  family: string;
  candidates: number;
  best: SearchCandidate["params"];
  validation: SearchCandidate["validation"];
}

export interface ProtocolD {
  data: string;
  /** Wall-clock seconds of the --model auto search (every candidate fitted and scored on the validation part). */
  searchSeconds: number;
  /** Validation figures of nested families of the search's candidates: what each component buys. */
  ablation: AblationRow[];
  rows: ProtocolDRow[];
  comparisons: {a: string; b: string; test: PairedBootstrap}[];
  limits: {
    testWindows: number;
    unseenTargets: number;
    top5Ceiling: number;
    windowsOfNewSessions: number;
    /** --model auto's top-1 misses per session (most first): test windows, misses, misses on unseen targets. */
    missesBySession: {session: string; windows: number; misses: number; unseen: number}[];
    /** --model auto's top-1 misses per true action (most first), with what it predicted most often instead. */
    missesByTarget: {target: string; misses: number; unseen: boolean; predictedInstead: string}[];
  };
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

  const started = performance.now();
  const autoSearch = await searchModels(records, {
    ...base,
    onCandidate: (_, i, total) => log(`auto search ${i}/${total}`)
  });
  const searchSeconds = (performance.now() - started) / 1000;
  // The n-gram and interp rows are the best of their kind among the same candidates (the same validation part).
  const ofKind = (kind: string): SearchResult => {
    const candidates = autoSearch.candidates.filter((c) => c.params.kind === kind);
    return {best: bestCandidate(candidates)!, candidates};
  };
  const ngramSearch = ofKind("ngram");
  const interpSearch = ofKind("interp");
  const fromSearch = (s: SearchResult) => ({
    model: {kind: s.best.params.kind, hyperparameters: s.best.params.hyperparameters} as ModelChoice,
    window: s.best.params.window
  });
  const plan: {label: string; name: string; model: ModelChoice; window: number; search?: SearchResult}[] = [
    {label: "n-gram w=2 (baseline)", name: "ngram-w2", model: {kind: "ngram"}, window: 2},
    {label: "n-gram, window validated", name: "ngram-validated", ...fromSearch(ngramSearch), search: ngramSearch},
    {label: "interp, validated", name: "interp-validated", ...fromSearch(interpSearch), search: interpSearch},
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
    ["--model auto", "n-gram, window validated"],
    ["interp, validated", "n-gram w=2 (baseline)"]
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
    windowsOfNewSessions: any.experiment.split.testWindows.filter((w) => !trained.has(w.session)).length,
    ...missesOf(any)
  };

  const ablation = ablationRows(autoSearch.candidates);

  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\n(d) per (user, namespace) sessions, audit-logs.csv, chronological 80/20 per session (seed ${seed})`);
  console.log(
    `  validation part (${autoSearch.best.validation.n} windows), best of each family (search: ${autoSearch.candidates.length} candidates, ${searchSeconds.toFixed(1)} s):`
  );
  for (const a of ablation)
    console.log(
      `    ${a.family.padEnd(44)} ${String(a.candidates).padStart(3)}  top-1 ${pct(a.validation.accuracy)}  top-5 ${pct(a.validation.top5)}  ${a.best.kind} w=${a.best.window} ${JSON.stringify(a.best.hyperparameters)}`
    );
  for (const r of rows)
    console.log(
      `  ${r.model.padEnd(26)} ${r.kind} w=${r.window} ${JSON.stringify(r.hyperparameters)}: top-1 ${pct(r.accuracy)} [${pct(r.ci[0])}, ${pct(r.ci[1])}], top-5 ${pct(r.top5)}${r.run ? `  (run ${r.run})` : ""}`
    );
  for (const {a, b, test} of comparisons)
    console.log(
      `  ${a} - ${b}: ${(100 * test.difference).toFixed(1)} points [${(100 * test.ci[0]).toFixed(1)}, ${(100 * test.ci[1]).toFixed(1)}], p = ${test.pValue.toFixed(3)}`
    );
  console.log(`  --model auto's misses by session (test windows, misses, of which unseen in training):`);
  for (const m of limits.missesBySession.slice(0, 8))
    console.log(
      `    ${String(m.windows).padStart(4)} ${String(m.misses).padStart(3)} ${String(m.unseen).padStart(3)}  ${m.session}`
    );
  console.log(`  --model auto's misses by true action (misses, predicted instead):`);
  for (const m of limits.missesByTarget.slice(0, 8))
    console.log(
      `    ${String(m.misses).padStart(3)}  ${m.target}${m.unseen ? " (unseen)" : ""} -> ${m.predictedInstead}`
    );
  console.log(
    `  limits: ${limits.unseenTargets} of ${limits.testWindows} test targets never occur in training (top-5 cannot exceed ${pct(limits.top5Ceiling)}); ${limits.windowsOfNewSessions} test windows belong to sessions with no training part`
  );
  return {data: source[0], searchSeconds, ablation, rows, comparisons, limits};
}

/** Where a run's top-1 misses fall: per session and per true action, the most first. */
function missesOf(run: TrainRun): Pick<ProtocolD["limits"], "missesBySession" | "missesByTarget"> {
  const {truth, predictions} = run.evaluation;
  const windows = run.experiment.split.testWindows;
  const known = run.experiment.vocabulary.index;
  const bySession = new Map<string, {session: string; windows: number; misses: number; unseen: number}>();
  const byTarget = new Map<string, {target: string; misses: number; unseen: boolean; instead: Map<string, number>}>();
  windows.forEach((w, i) => {
    let s = bySession.get(w.session);
    if (!s) bySession.set(w.session, (s = {session: w.session, windows: 0, misses: 0, unseen: 0}));
    ++s.windows;
    if (truth[i] === predictions[i]) return;
    const unseen = !known.has(truth[i]);
    ++s.misses;
    if (unseen) ++s.unseen;
    let t = byTarget.get(truth[i]);
    if (!t) byTarget.set(truth[i], (t = {target: truth[i], misses: 0, unseen, instead: new Map()}));
    ++t.misses;
    t.instead.set(predictions[i], (t.instead.get(predictions[i]) ?? 0) + 1);
  });
  return {
    missesBySession: [...bySession.values()].filter((s) => s.misses > 0).sort((a, b) => b.misses - a.misses),
    missesByTarget: [...byTarget.values()]
      .sort((a, b) => b.misses - a.misses)
      .map(({target, misses, unseen, instead}) => ({
        target,
        misses,
        unseen,
        predictedInstead: [...instead].sort((a, b) => b[1] - a[1])[0][0]
      }))
  };
}

type Hyper = {user?: number; session?: number; cache?: number; runs?: number; match?: boolean};

/** Nested families of the search's candidates, each adding one component to the one before. */
const FAMILIES: {family: string; keep: (c: SearchCandidate) => boolean}[] = [
  {family: "Bayesian network", keep: (c) => c.params.kind === "bayes"},
  {family: "n-gram (window, beta)", keep: (c) => c.params.kind === "ngram"},
  {
    family: "actor: all-sessions counts only",
    keep: (c) => isActor(c, (h) => !h.user && !h.session && !h.cache && !h.runs)
  },
  {
    family: "actor: + per-user counts (and first actions)",
    keep: (c) => isActor(c, (h) => !h.session && !h.cache && !h.runs)
  },
  {family: "actor: + per-session counts", keep: (c) => isActor(c, (h) => !h.cache && !h.runs)},
  {family: "actor: + cache of recent actions", keep: (c) => isActor(c, (h) => !h.runs)},
  {family: "actor: + next-run component (all actor)", keep: (c) => isActor(c, () => true)},
  {
    family: "interp: weights fitted on held-out tails",
    keep: (c) => c.params.kind === "interp" && c.params.hyperparameters.match === false
  },
  {family: "interp: + longest-match copy (all interp)", keep: (c) => c.params.kind === "interp"},
  {family: "everything (--model auto)", keep: () => true}
];

function isActor(c: SearchCandidate, keep: (h: Hyper) => boolean): boolean {
  return c.params.kind === "actor" && keep(c.params.hyperparameters as Hyper);
}

/** The best candidate of each family on the validation part (no test window is read). */
export function ablationRows(candidates: readonly SearchCandidate[]): AblationRow[] {
  return FAMILIES.flatMap(({family, keep}) => {
    const mine = candidates.filter(keep);
    const best = bestCandidate(mine);
    return best ? [{family, candidates: mine.length, best: best.params, validation: best.validation}] : [];
  });
}
