import assert from "node:assert/strict";
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {run as train} from "../src/cli/train.js";
import {run as runs} from "../src/cli/runs.js";
import {runCaptured} from "./captureCommand.js";
import type {RunRecord} from "../src/lib/learn/runRecord.js";

const dir = mkdtempSync(join(tmpdir(), "perfspec-runs-"));
const RUNS = join(dir, "runs");
const DATA = join(dir, "actions.txt");
after(() => rmSync(dir, {recursive: true, force: true}));

/** A small action list with a strong order: each step mostly follows from the two before it. */
function actions(): string {
  const steps = ["create_pods", "get_pods", "patch_pods", "delete_pods", "create_services", "update_services"];
  const out: string[] = [];
  for (let i = 0; i < 240; ++i) out.push(steps[(i * 7 + (i % 5 === 0 ? 1 : 0)) % steps.length]);
  return out.join("\n") + "\n";
}

const trainArgs = (model: string, out: string, ...rest: string[]) => [
  "--model",
  model,
  "--data",
  DATA,
  "--out",
  join(dir, out),
  "--runs",
  RUNS,
  "--json",
  ...rest
];

let ids: string[] = [];
before(async () => {
  writeFileSync(DATA, actions());
  for (const [model, out, window] of [
    ["ngram", "ngram-w1", "1"],
    ["ngram", "ngram-w2", "2"]
  ]) {
    const {code} = await runCaptured(train, trainArgs(model, out, "--window", window));
    assert.equal(code, 0);
  }
  const {stdout} = await runCaptured(runs, ["list", "--runs", RUNS, "--json"]);
  ids = (JSON.parse(stdout) as RunRecord[]).map((r) => r.id);
});

test("perfspec train records a run; runs list --json gives each run's params and metrics", async () => {
  const {code, stdout} = await runCaptured(runs, ["list", "--runs", RUNS, "--json"]);
  assert.equal(code, 0);
  const list = JSON.parse(stdout) as RunRecord[];
  assert.deepEqual(
    list.map((r) => [r.params.kind, r.params.window, r.params.session, r.params.split, r.metrics.n]),
    [
      ["ngram", 1, "global", "chrono", 48],
      ["ngram", 2, "global", "chrono", 48]
    ]
  );
  for (const r of list) {
    assert.match(r.dataFingerprint, /^[0-9a-f]{64}$/);
    assert.match(r.artifactHash, /^[0-9a-f]{64}$/);
    assert.ok(r.commit === null || /^[0-9a-f]{40}$/.test(r.commit));
    assert.ok(r.metrics.ci.accuracy[0] <= r.metrics.accuracy && r.metrics.accuracy <= r.metrics.ci.accuracy[1]);
    assert.ok(r.policy !== null, "a raw input is prepared with a cleaning policy");
  }
  const text = await runCaptured(runs, ["list", "--runs", RUNS]);
  assert.match(text.stdout, /ngram w=2 global\/chrono {2}top-1 \d+\.\d% \[/);
});

test("perfspec runs show <prefix> prints one run, found by a unique prefix of its id", async () => {
  const {code, stdout} = await runCaptured(runs, ["show", ids[1].slice(0, -3), "--runs", RUNS]);
  assert.equal(code, 0);
  assert.match(stdout, new RegExp(`run ${ids[1]}`));
  assert.match(stdout, /model {5}ngram w=2/);
  const json = await runCaptured(runs, ["show", ids[0], "--runs", RUNS, "--json"]);
  assert.equal((JSON.parse(json.stdout) as RunRecord).history.length, 1);
  await assert.rejects(runs(["show", "nope", "--runs", RUNS]), /no run "nope" in .*runs: /);
});

test("perfspec runs compare a b gives a paired bootstrap test on the same test windows", async () => {
  const {code, stdout} = await runCaptured(runs, ["compare", ids[1], ids[0], "--runs", RUNS, "--json"]);
  assert.equal(code, 0);
  const {test: t} = JSON.parse(stdout);
  assert.equal(t.difference, t.accuracyA - t.accuracyB);
  assert.ok(t.accuracyA > t.accuracyB, "the 2-action context predicts this sequence better");
  assert.ok(t.pValue >= 0 && t.pValue <= 1 && t.ci[0] <= t.difference && t.difference <= t.ci[1]);
  // Another test fraction gives other test windows: no paired test.
  assert.equal((await runCaptured(train, trainArgs("ngram", "other", "--test-fraction", "0.3"))).code, 0);
  const list = JSON.parse((await runCaptured(runs, ["list", "--runs", RUNS, "--json"])).stdout) as RunRecord[];
  await assert.rejects(runs(["compare", ids[0], list[2].id, "--runs", RUNS]), /different test windows/);
});

test("perfspec runs promote copies the run's model to models/promoted, and refuses a modified artifact", async () => {
  const models = join(dir, "models");
  const {code} = await runCaptured(runs, ["promote", ids[1], "--runs", RUNS, "--models", models]);
  assert.equal(code, 0);
  const promoted = JSON.parse(readFileSync(join(models, "promoted", "promoted-run.json"), "utf8")) as RunRecord;
  assert.equal(promoted.id, ids[1]);
  assert.ok(existsSync(join(models, "promoted", "ngram.json")));
  writeFileSync(join(dir, "ngram-w1", "manifest.json"), "{}");
  await assert.rejects(
    runs(["promote", ids[0], "--runs", RUNS, "--models", models]),
    /does not match the run's artifact hash/
  );
});

test("perfspec runs exits 2 on a usage error", async () => {
  const {code, stderr} = await runCaptured(runs, ["compare", "one", "--runs", RUNS]);
  assert.equal(code, 2);
  assert.match(stderr, /compare takes 2 run id\(s\), got 1/);
});

test("perfspec train --model auto records the search: every candidate's params and validation metrics", async () => {
  const {code} = await runCaptured(train, trainArgs("auto", "auto"));
  assert.equal(code, 0);
  const list = JSON.parse((await runCaptured(runs, ["list", "--runs", RUNS, "--json"])).stdout) as RunRecord[];
  const {id} = list[list.length - 1];
  const record = JSON.parse((await runCaptured(runs, ["show", id, "--runs", RUNS, "--json"])).stdout) as RunRecord;
  assert.ok(record.search && record.search.length > 10);
  const best = Math.max(...record.search.map((c) => c.validation.accuracy));
  const winner = record.search.find((c) => c.validation.accuracy === best)!;
  assert.equal(record.params.kind, winner.params.kind);
  assert.equal(record.params.window, winner.params.window);
  // Validation windows come from the training part: 80% of 192 training actions.
  assert.ok(record.search.every((c) => c.validation.n === 39));
});
