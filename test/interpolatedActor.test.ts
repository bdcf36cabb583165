import assert from "node:assert/strict";
import {test} from "node:test";
import {loadArtifact, serializeArtifact, trainRun, type ModelConfig} from "../src/lib/learn/index.js";
import {
  createInterpolatedActor,
  interpolationComponents,
  loadInterpolatedActor,
  type InterpolatedActorModel
} from "../src/lib/learn/interpolatedActor.js";
import type {ActionRecord} from "../src/lib/ingest/types.js";

const record = (action: string, user: string): ActionRecord => ({action, time: null, user, namespace: null});

// Two users do different things after the same action: only counts per user tell them apart.
const records: ActionRecord[] = [];
for (let i = 0; i < 30; ++i) {
  records.push(record("get_pods", "alice"), record("delete_pods", "alice"));
  records.push(record("get_pods", "bob"), record("patch_pods", "bob"));
}

test("interpolationComponents(window, options) lists the weights' components in order", () => {
  assert.deepEqual(interpolationComponents(1, {decays: [0.9], match: false}), [
    ...["g0", "g1", "u0", "u1", "s0", "s1"],
    "cache0.9",
    "uniform"
  ]);
  assert.equal(interpolationComponents(3, {}).length, 12 + 2 + 1 + 1);
});

test("an interpolated actor n-gram learns from held-out tails to trust each user's own counts", async () => {
  const run = await trainRun(records, {
    session: "user",
    split: "chrono",
    window: 1,
    source: ["memory"],
    model: {kind: "interp"}
  });
  assert.equal(run.fit.method, "sessions");
  assert.equal(run.evaluation.accuracy, 1);
  const model = run.model as InterpolatedActorModel;
  const w = Object.fromEntries(model.components.map((c, k) => [c, model.weights[k]]));
  assert.ok(w.u1 + w.s1 > w.g1, `user and session bigrams outweigh the global one (${JSON.stringify(w)})`);
  assert.ok(Math.abs(model.weights.reduce((s, x) => s + x, 0) - 1) < 1e-9);
});

test("the match component follows a session's own cycle beyond the window", async () => {
  // a b a c, repeated: after "a" comes b or c in turn, which a window of 1 cannot tell but the history can.
  const cycle = ["get_pods", "list_pods", "get_pods", "watch_pods"];
  const sequence: ActionRecord[] = [];
  for (let i = 0; i < 15; ++i) for (const action of cycle) sequence.push(record(action, "alice"));
  const spec = {session: "user", split: "chrono", window: 1, source: ["memory"]} as const;
  const withMatch = await trainRun(sequence, {...spec, model: {kind: "interp", hyperparameters: {match: true}}});
  const without = await trainRun(sequence, {...spec, model: {kind: "interp", hyperparameters: {match: false}}});
  assert.equal(withMatch.evaluation.accuracy, 1);
  assert.ok(
    without.evaluation.accuracy <= 0.75,
    `without it, a coin toss after get_pods (${without.evaluation.accuracy})`
  );
  assert.throws(() => createInterpolatedActor(5, 1, {heldOut: 1}), /heldOut must be in \(0, 1\)/);
});

test("an interpolated actor n-gram saves, loads with identical predictions, and refuses mismatched files", async () => {
  const run = await trainRun(records, {
    session: "user-namespace",
    split: "chrono",
    window: 2,
    source: ["memory"],
    model: {kind: "interp", hyperparameters: {decays: [0.8]}}
  });
  const files = await serializeArtifact(run.artifact);
  const {artifact, model} = await loadArtifact(files);
  assert.equal(artifact.config.kind, "interp");
  assert.deepEqual((JSON.parse(files["config.json"] as string) as ModelConfig).hyperparameters, {decays: [0.8]});
  const queries = [
    {context: [0, 2], actor: {session: "alice @ (none)", user: "alice", namespace: null}, history: [2, 3, 2]},
    {context: [3, 2], actor: {session: "bob @ (none)", user: "bob", namespace: null}, history: []}
  ];
  assert.deepEqual(
    (model as InterpolatedActorModel).predictInSessions(queries),
    (run.model as InterpolatedActorModel).predictInSessions(queries)
  );
  assert.deepEqual(model.predict([[2, 3]]), run.model.predict([[2, 3]]));
  const text = files["interp.json"] as string;
  assert.throws(
    () => loadInterpolatedActor({"interp.json": JSON.stringify({format: "perfspec-actor-ngram"})}),
    /not a perfspec interpolated/
  );
  assert.throws(
    () => loadInterpolatedActor({"interp.json": text.replace('"window":2', '"window":3')}),
    /components and weights do not match window 3/
  );
  await assert.rejects(
    loadArtifact({...files, "interp.json": text.replace('"window":2', '"window":3')}),
    /interp\.json: content differs from the manifest/
  );
});
