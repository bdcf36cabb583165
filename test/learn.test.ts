import assert from "node:assert/strict";
import {test} from "node:test";
import {
  PAD,
  PAD_ID,
  UNK_ID,
  actionWindows,
  buildSessions,
  buildVocabulary,
  createBayes,
  createModel,
  createNgram,
  evaluateModel,
  fitSplit,
  idWindows,
  leakageAudit,
  prepareExperiment,
  recordsFromActions,
  smallestPeriod,
  splitSessions,
  trainingActions
} from "../src/lib/learn/index.js";
import type {ActionRecord} from "../src/lib/ingest/types.js";
import {perfspecLines as lines} from "./perfspecDataset.js";

const record = (action: string, user: string | null, namespace: string | null = null): ActionRecord => ({
  action,
  time: null,
  user,
  namespace
});
const key = (w: {session: string; index: number}) => `${w.session}#${w.index}`;

test("actionWindows pads contexts at the start with PAD and makes every action a target once", () => {
  assert.deepEqual(
    actionWindows(["a", "b", "c"], 2).map((w) => [w.context, w.target]),
    [
      [[PAD, PAD], "a"],
      [[PAD, "a"], "b"],
      [["a", "b"], "c"]
    ]
  );
  assert.deepEqual(idWindows([5, 6, 7], 1), {contexts: [[PAD_ID], [5], [6]], targets: [5, 6, 7]});
  assert.throws(() => actionWindows(["a"], 0), /window must be an integer >= 1/);
});

test("buildSessions groups by user or namespace, null values going to one (none) group", () => {
  const records = [record("a", "u1", "n1"), record("b", null, "n1"), record("c", "u1", null), record("d", null, null)];
  assert.deepEqual(
    buildSessions(records, "global").map((s) => [s.key, s.actions]),
    [["all", ["a", "b", "c", "d"]]]
  );
  assert.deepEqual(
    buildSessions(records, "user").map((s) => [s.key, s.actions]),
    [
      ["u1", ["a", "c"]],
      ["(none)", ["b", "d"]]
    ]
  );
  assert.deepEqual(
    buildSessions(records, "namespace").map((s) => [s.key, s.actions]),
    [
      ["n1", ["a", "b"]],
      ["(none)", ["c", "d"]]
    ]
  );
  assert.deepEqual(
    buildSessions(records, "user-namespace").map((s) => [s.key, s.actions]),
    [
      ["u1 @ n1", ["a"]],
      ["(none) @ n1", ["b"]],
      ["u1 @ (none)", ["c"]],
      ["(none) @ (none)", ["d"]]
    ]
  );
});

test("splitSessions chrono keeps the first 80% of each session for training and the tail for test", () => {
  const sessions = buildSessions(
    [..."abcdefghij"].map((a) => record(a, "u")),
    "user"
  );
  const split = splitSessions(sessions, {kind: "chrono", window: 1, testFraction: 0.2});
  assert.deepEqual(split.trainSequences, [[..."abcdefgh"]]);
  assert.deepEqual(
    split.testWindows.map((w) => [w.context, w.target]),
    [
      [["h"], "i"],
      [["i"], "j"]
    ]
  );
});

test("splitSessions random and group splits do not overlap, cover everything and are seeded", () => {
  const records = Array.from({length: 300}, (_, i) => record(`a${i % 13}`, `u${i % 7}`));
  const sessions = buildSessions(records, "user");
  for (const kind of ["random", "group"] as const) {
    const split = splitSessions(sessions, {kind, window: 2, testFraction: 0.25, seed: 5});
    const train = new Set(split.trainWindows.map(key));
    assert.ok(
      split.testWindows.every((w) => !train.has(key(w))),
      `${kind}: overlap`
    );
    assert.equal(split.trainWindows.length + split.testWindows.length, 300);
    assert.deepEqual(
      splitSessions(sessions, {kind, window: 2, testFraction: 0.25, seed: 5}).testWindows.map(key),
      split.testWindows.map(key)
    );
    assert.notDeepEqual(
      splitSessions(sessions, {kind, window: 2, testFraction: 0.25, seed: 6}).testWindows.map(key),
      split.testWindows.map(key)
    );
  }
  const group = splitSessions(sessions, {kind: "group", window: 2, testFraction: 0.25, seed: 5});
  const testUsers = new Set(group.testSessions);
  assert.ok(
    group.trainWindows.every((w) => !testUsers.has(w.session)) &&
      group.testWindows.every((w) => testUsers.has(w.session))
  );
  assert.equal(splitSessions(sessions, {kind: "random", window: 1, testFraction: 0.2}).testWindows.length, 60);
});

test("the vocabulary of an experiment comes from the training part only; unseen test actions become UNK", () => {
  const experiment = prepareExperiment(recordsFromActions([..."aabababxyz"]), {
    session: "global",
    split: "chrono",
    window: 1,
    testFraction: 0.3
  });
  assert.deepEqual(experiment.vocabulary.actions.slice(2).sort(), ["a", "b"]);
  assert.deepEqual(trainingActions(experiment.split), [[..."aababab"]]);
});

test("smallestPeriod finds the repeated block with the KMP failure function", () => {
  assert.deepEqual(smallestPeriod([..."abcabcabc"]).period, 3);
  assert.equal(smallestPeriod([..."abcabcab"]).copies, 8 / 3);
  assert.equal(smallestPeriod([..."abcd"]).repeated, false);
});

test("leakageAudit flags events-dataset.txt as two copies and its random split as leaking", async () => {
  const stream = await lines("events-dataset.txt.xz");
  const experiment = prepareExperiment(recordsFromActions(stream), {
    session: "global",
    split: "random",
    window: 2,
    seed: 42
  });
  const audit = leakageAudit(experiment.split.trainWindows, experiment.split.testWindows, stream);
  assert.equal(audit.repetition?.period, 10821);
  assert.equal(audit.repetition?.copies, 2);
  assert.match(audit.repetition!.message, /2 copies of a 10821-action block/);
  assert.ok(audit.windowFraction > 0.85, `only ${audit.windowFraction} of test windows in training`);
  assert.equal(smallestPeriod(await lines("events-dataset.first-half-dedup.txt")).repeated, false);
});

test("NgramModel backs off to shorter contexts for unseen ones and gives proper distributions", async () => {
  const model = createNgram(6, 2); // ids 2..5 are actions
  await model.fit([[2, 3, 4, 2, 3, 4, 2, 3, 5]]);
  const [seen, unseen, unseenLong] = model.predict([
    [2, 3],
    [5, 5],
    [5, 3]
  ]);
  for (const row of [seen, unseen, unseenLong]) {
    assert.ok(Math.abs(row.reduce((s, p) => s + p, 0) - 1) < 1e-5);
    assert.equal(row[PAD_ID] + row[UNK_ID], 0);
  }
  assert.ok(seen[4] > seen[5] && seen[5] > seen[2], "after 2,3 comes 4 twice and 5 once");
  // (5,5) and 5 never occur as contexts: the unigram (2 and 3 most frequent) decides.
  assert.ok(unseen[2] > unseen[5] && unseen[3] > unseen[5]);
  // (5,3) never occurs but 3 does: back off to the bigram "after 3".
  assert.ok(unseenLong[4] > 0.5, `P(4 | 3) = ${unseenLong[4]}`);
});

test("BayesModel probabilities over the vocabulary sum to 1 and follow the verb/resource CPTs", async () => {
  const actions = [PAD, "<unk>", "create_pods", "delete_pods", "create_secrets", "delete_secrets"];
  const model = createBayes(1, {actions});
  await model.fit([[2, 3, 4, 5, 2, 3, 4, 5]]);
  const rows = model.predict([[2], [4], [PAD_ID], [UNK_ID]]);
  for (const row of rows) {
    assert.ok(Math.abs(row.reduce((s, p) => s + p, 0) - 1) < 1e-5);
    assert.equal(row[PAD_ID] + row[UNK_ID], 0);
  }
  assert.equal(rows[0].indexOf(Math.max(...rows[0])), 3, "after create_pods: delete_pods");
  const restored = (await import("../src/lib/learn/bayes.js")).loadBayes(await model.save());
  assert.deepEqual(restored.predict([[2]]), model.predict([[2]]));
});

test("honest n-gram w=2 on the dedup file with a chronological 80/20 split lands near 0.34 top-1", async () => {
  const experiment = prepareExperiment(recordsFromActions(await lines("events-dataset.first-half-dedup.txt")), {
    session: "global",
    split: "chrono",
    window: 2
  });
  const model = await createModel({kind: "ngram", window: 2, vocabulary: experiment.vocabulary});
  await fitSplit(model, experiment);
  const result = evaluateModel(model, experiment.vocabulary, experiment.split.testWindows, {
    trainWindows: experiment.split.trainWindows,
    resamples: 200
  });
  assert.equal(result.n, 2165);
  assert.ok(Math.abs(result.accuracy - 0.34) < 0.02, `accuracy ${result.accuracy}`);
  assert.ok(result.ci.accuracy[0] < result.accuracy && result.accuracy < result.ci.accuracy[1]);
  assert.equal(result.leakage.unseenTargets, 28, "the provenance counts 28 test occurrences of unseen classes");
  assert.ok(
    result.perClass.some((c) => !experiment.vocabulary.index.has(c.label)),
    "unseen test actions appear in per-class metrics"
  );
});

test("buildVocabulary is unchanged by the learning code: PAD and UNK first", () => {
  assert.deepEqual(buildVocabulary([["b", "a", "b"]]).actions, [PAD, "<unk>", "b", "a"]);
});
