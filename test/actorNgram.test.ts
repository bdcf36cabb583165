import assert from "node:assert/strict";
import {test} from "node:test";
import {maxIndex} from "d3";
import {createModel, loadArtifact, serializeArtifact, trainRun, type ModelConfig} from "../src/lib/learn/index.js";
import {collapseRuns, createActorNgram, loadActorNgram} from "../src/lib/learn/actorNgram.js";
import type {ActionRecord} from "../src/lib/ingest/types.js";

const record = (action: string, user: string, namespace: string | null = null): ActionRecord => ({
  action,
  time: null,
  user,
  namespace
});

// Two users do different things after the same action: only counts per user tell them apart.
const records: ActionRecord[] = [];
for (let i = 0; i < 30; ++i) {
  records.push(record("get_pods", "alice"), record("delete_pods", "alice"));
  records.push(record("get_pods", "bob"), record("patch_pods", "bob"));
}

test("collapseRuns(ids) keeps each run of one action once", () => {
  assert.deepEqual(collapseRuns([5, 5, 6, 5, 5, 5]), [5, 6, 5]);
  assert.deepEqual(collapseRuns([]), []);
});

test("an actor n-gram predicts each user's own follower, where a plain n-gram cannot", async () => {
  const spec = {session: "user", split: "chrono", window: 1, source: ["memory"], seed: 1} as const;
  const actor = await trainRun(records, {...spec, model: {kind: "actor", hyperparameters: {cache: 0}}});
  const ngram = await trainRun(records, {...spec, model: {kind: "ngram"}});
  assert.equal(actor.fit.method, "sessions");
  assert.equal(actor.evaluation.accuracy, 1);
  assert.equal(ngram.evaluation.accuracy, 0.75, "right after delete_pods or patch_pods, a coin toss after get_pods");
});

test("the actor n-gram's cache favours the session's recent actions; plain predict reads the window alone", () => {
  const model = createActorNgram(6, 1, {user: 0, session: 0, cache: 0.5});
  const actor = {session: "s", user: null, namespace: null};
  const [withHistory] = model.predictInSessions([{context: [2], actor, history: [4, 4, 4, 2]}]);
  assert.equal(maxIndex(withHistory), 4);
  assert.equal(withHistory[0] + withHistory[1], 0, "PAD and UNK are never predicted");
  const [plain] = model.predict([[2]]);
  assert.equal(maxIndex(plain), 2);
  assert.throws(() => createActorNgram(6, 1, {cache: 0.6, runs: 0.5}), /cache \+ runs < 1/);
});

test("an actor n-gram saves, loads with identical predictions, and refuses another model's file", async () => {
  const run = await trainRun(records, {
    session: "user-namespace",
    split: "chrono",
    window: 2,
    source: ["memory"],
    model: {kind: "actor", hyperparameters: {runs: 0.1}}
  });
  const files = await serializeArtifact(run.artifact);
  const {artifact, model} = await loadArtifact(files);
  assert.equal(artifact.config.kind, "actor");
  const queries = [
    {context: [0, 2], actor: {session: "alice @ (none)", user: "alice", namespace: null}, history: [2, 3, 2]},
    {context: [3, 2], actor: {session: "bob @ (none)", user: "bob", namespace: null}, history: []}
  ];
  assert.deepEqual(
    (model as ReturnType<typeof createActorNgram>).predictInSessions(queries),
    (run.model as ReturnType<typeof createActorNgram>).predictInSessions(queries)
  );
  assert.throws(
    () => loadActorNgram({"actor.json": JSON.stringify({format: "perfspec-ngram"})}),
    /not a perfspec actor n-gram/
  );
  const config = JSON.parse(files["config.json"] as string) as ModelConfig;
  assert.deepEqual(config.hyperparameters, {runs: 0.1});
  await assert.rejects(
    loadArtifact({...files, "actor.json": (files["actor.json"] as string).replace('"window":2', '"window":3')}),
    /actor\.json: content differs from the manifest/
  );
  assert.ok(await createModel({kind: "actor", window: 2, vocabulary: run.experiment.vocabulary}));
});
