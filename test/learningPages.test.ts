/** Library pieces behind the learning pages and the loader that feeds them. */
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {test} from "node:test";
import {foldConfusion, OTHER} from "../src/lib/metrics/foldConfusion.js";
import {confusionMatrix} from "../src/lib/metrics/confusionMatrix.js";
import {bundleArtifact, unbundleArtifact} from "../src/lib/learn/artifactBundle.js";
import {nextActions, readContext, rollingAccuracy, traceSequence} from "../src/lib/learn/nextActions.js";
import {buildVocabulary, createNgram, encode} from "../src/lib/learn/index.js";
import {evaluateModelFolder} from "../data-loaders/models.js";

test("foldConfusion(confusion, 2) keeps the 2 most frequent true labels and folds the rest into (other), preserving counts", () => {
  const truth = ["a", "a", "a", "b", "b", "c", "d"];
  const predicted = ["a", "b", "c", "b", "a", "a", "e"];
  const folded = foldConfusion(confusionMatrix(truth, predicted), 2);
  assert.deepEqual(folded.labels, ["a", "b", OTHER]);
  assert.deepEqual(folded.matrix, [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 1]
  ]);
  assert.equal(
    folded.matrix.flat().reduce((s, x) => s + x, 0),
    truth.length
  );
});

test("foldConfusion(confusion, n) with n at least the label count adds no (other)", () => {
  const folded = foldConfusion(confusionMatrix(["a", "b"], ["b", "b"]), 5);
  assert.deepEqual(folded.labels, ["a", "b"]);
  assert.ok(!folded.labels.includes(OTHER));
});

test("unbundleArtifact(bundleArtifact(files)) gives back text and bytes unchanged", () => {
  const bytes = Uint8Array.from({length: 70000}, (_, i) => (i * 31) % 256);
  const files = {"config.json": '{"kind":"lstm"}', "weights.bin": bytes};
  const back = unbundleArtifact(JSON.parse(JSON.stringify(bundleArtifact("m", files))));
  assert.equal(back["config.json"], files["config.json"]);
  assert.deepEqual(back["weights.bin"], bytes);
  assert.throws(() => unbundleArtifact({} as never), /not a perfspec artifact bundle/);
});

test("nextActions and traceSequence rank the learned follower first and mark surprises", async () => {
  const sequence = ["a", "b", "a", "b", "a", "b", "a", "c"];
  const vocabulary = buildVocabulary([sequence]);
  const model = createNgram(vocabulary.actions.length, 1);
  await model.fit([encode(vocabulary, sequence)]);
  assert.equal(nextActions(model, vocabulary, ["a"], 1)[0].action, "b");
  const steps = traceSequence(model, vocabulary, ["b", "a", "zzz"], {k: 1, history: ["a"]});
  assert.deepEqual(
    steps.map((s) => [s.action, s.hit, s.unknown]),
    [
      ["b", true, false],
      ["a", true, false],
      ["zzz", false, true]
    ]
  );
  assert.equal(steps[0].rank, 1);
  assert.equal(steps[2].rank, Infinity);
});

test("readContext(text, vocabulary) splits on spaces and commas and lists the actions the vocabulary lacks", () => {
  const vocabulary = buildVocabulary([["create_namespaces", "get_pods"]]);
  assert.deepEqual(readContext(" create_namespaces, zzz  get_pods,,", vocabulary), {
    context: ["create_namespaces", "zzz", "get_pods"],
    unknown: ["zzz"]
  });
  assert.deepEqual(readContext("", vocabulary), {context: [], unknown: []});
});

test("rollingAccuracy(hits, width) averages the last `width` hits", () => {
  assert.deepEqual(rollingAccuracy([true, false, true, true], 2), [1, 0.5, 0.5, 1]);
});

test("the models loader's metrics for models/ngram-w2 equal `perfspec evaluate --model models/ngram-w2 --json`", async () => {
  const cli = spawnSync(process.execPath, ["bin/perfspec.js", "evaluate", "--model", "models/ngram-w2", "--json"], {
    encoding: "utf8"
  });
  assert.equal(cli.status, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout);
  const {summary} = await evaluateModelFolder("ngram-w2");
  for (const key of ["n", "accuracy", "macroF1", "weightedF1", "top5"] as const)
    assert.equal(summary[key], printed[key], key);
  assert.deepEqual(summary.ci, printed.ci);
});
