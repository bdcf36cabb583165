/** `perfspec runs list|show|compare|promote`: the run registry that every `perfspec train` adds to. */
import {parseArgs} from "node:util";
import {compareRuns} from "../lib/learn/runRecord.js";
import {findRun, listRuns, promoteRun, readPredictions, runsDir} from "../node/runRegistry.js";
import {integer} from "./optionValues.js";
import {UsageError, asUsage, settingsOr2} from "./usage.js";

const HELP = `usage: perfspec runs list|show|compare|promote [options]

  list                   every run, oldest first: id, model, window, session, split, top-1 [95% CI], top-5
  show <id>              one run: params, data fingerprint, policy, commit, metrics, history, search
  compare <a> <b>        paired bootstrap test of accuracy a - b on the same test windows
  promote <id>           copy the run's model to <models>/promoted/ (hash-checked); the pages' model list
                         (Metrics, Train) shows it first

An id may be shortened to a unique prefix.

options:
  --runs DIR             runs folder (default $PERFSPEC_RUNS or runs/)
  --models DIR           models folder promote writes to (default models)
  --resamples N          bootstrap resamples of compare (default 1000)
  --json                 print JSON (list: [{id, createdAt, params, metrics, ...}])
  -h, --help             this help

example:
  perfspec runs list --json
  perfspec runs compare 20261130T1500 20261130T1502`;

const ARITY: Record<string, number> = {list: 0, show: 1, compare: 2, promote: 1};

export async function run(argv: string[]): Promise<number> {
  const settings = settingsOr2("runs", HELP, () => {
    const {values, positionals} = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        runs: {type: "string"},
        models: {type: "string", default: "models"},
        resamples: {type: "string", default: "1000"},
        json: {type: "boolean", default: false},
        help: {type: "boolean", short: "h", default: false}
      }
    });
    if (values.help) return {help: true as const};
    const [command, ...ids] = positionals;
    if (!command || !(command in ARITY))
      throw new UsageError(`expected list, show, compare or promote, got "${command ?? ""}"`);
    if (ids.length !== ARITY[command])
      throw new UsageError(`${command} takes ${ARITY[command]} run id(s), got ${ids.length}`);
    const resamples = asUsage(() => integer(values.resamples, "--resamples"));
    return {
      help: false as const,
      command,
      ids,
      dir: runsDir(values.runs),
      models: values.models!,
      json: values.json!,
      resamples
    };
  });
  if (settings === 2) return 2;
  if (settings.help) return (console.log(HELP), 0);
  const {command, ids, dir, json} = settings;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

  if (command === "list") {
    const runs = await listRuns(dir);
    if (json) {
      console.log(
        JSON.stringify(
          runs.map(({history: _h, search: _s, ...r}) => r),
          null,
          2
        )
      );
      return 0;
    }
    if (runs.length === 0) return (console.log(`no runs in ${dir}/ ('perfspec train' records one)`), 0);
    for (const r of runs) {
      const p = r.params;
      const m = r.metrics;
      console.log(
        `${r.id}  ${p.kind} w=${p.window} ${p.session}/${p.split}  top-1 ${pct(m.accuracy)} [${pct(m.ci.accuracy[0])}, ${pct(m.ci.accuracy[1])}]  top-5 ${pct(m.top5)}  n=${m.n}${r.search ? `  (auto, ${r.search.length} candidates)` : ""}`
      );
    }
    return 0;
  }

  if (command === "show") {
    const r = await findRun(dir, ids[0]);
    if (json) return (console.log(JSON.stringify(r, null, 2)), 0);
    const m = r.metrics;
    console.log(`run ${r.id} (${r.createdAt})`);
    console.log(`  model     ${r.params.kind} w=${r.params.window} ${JSON.stringify(r.params.hyperparameters)}`);
    console.log(
      `  data      ${r.params.source.join(", ")} (sha256 ${r.dataFingerprint.slice(0, 16)}…), sessions ${r.params.session}, ${r.params.split} split, test fraction ${r.params.testFraction}, seed ${r.params.seed}`
    );
    console.log(`  commit    ${r.commit ?? "(none)"}`);
    console.log(`  artifact  ${r.artifactDir ?? "(none)"} (manifest sha256 ${r.artifactHash.slice(0, 16)}…)`);
    console.log(
      `  metrics   top-1 ${pct(m.accuracy)} [${pct(m.ci.accuracy[0])}, ${pct(m.ci.accuracy[1])}], top-5 ${pct(m.top5)}, macro F1 ${m.macroF1.toFixed(3)} [${m.ci.macroF1[0].toFixed(3)}, ${m.ci.macroF1[1].toFixed(3)}], ${m.n} test windows, fit ${m.fitSeconds.toFixed(2)} s`
    );
    console.log(`  history   ${r.history.length} epoch(s)`);
    if (r.search) {
      console.log(`  search    ${r.search.length} candidates on a validation part of the training part:`);
      for (const c of [...r.search].sort((a, b) => b.validation.accuracy - a.validation.accuracy))
        console.log(
          `    ${c.params.kind} w=${c.params.window} ${JSON.stringify(c.params.hyperparameters)}: top-1 ${pct(c.validation.accuracy)} top-5 ${pct(c.validation.top5)}`
        );
    }
    return 0;
  }

  if (command === "compare") {
    const [a, b] = await Promise.all(ids.map((id) => findRun(dir, id)));
    const [pa, pb] = await Promise.all([readPredictions(dir, a.id), readPredictions(dir, b.id)]);
    const result = compareRuns(a, pa, b, pb, {resamples: settings.resamples, seed: 42});
    if (json) return (console.log(JSON.stringify(result, null, 2)), 0);
    const t = result.test;
    const pts = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}`;
    console.log(`A ${a.id}: top-1 ${pct(t.accuracyA)}`);
    console.log(`B ${b.id}: top-1 ${pct(t.accuracyB)}`);
    console.log(
      `A - B: ${pts(t.difference)} points, 95% CI [${pts(t.ci[0])}, ${pts(t.ci[1])}], p = ${t.pValue.toFixed(3)} (paired bootstrap, ${t.resamples} resamples, ${pa.truth.length} shared test windows)`
    );
    return 0;
  }

  const {run: promoted, to} = await promoteRun(dir, ids[0], settings.models);
  if (json) console.log(JSON.stringify({promoted: promoted.id, to}, null, 2));
  else console.log(`promoted run ${promoted.id} (${promoted.params.kind} w=${promoted.params.window}) to ${to}/`);
  return 0;
}
