import assert from "node:assert/strict";
import {test} from "node:test";
import {loadModelDir} from "../src/node/artifact.js";
import {buildVocabulary, createNgram, encode} from "../src/lib/learn/index.js";
import {traceSequence, type TraceStep} from "../src/lib/learn/nextActions.js";
import {prepareTrace, traceAtK} from "../src/lib/learn/preparedTrace.js";
import {sequenceJson} from "../data-loaders/sequence.js";

/** Steps equal but for probabilities, which the prepared trace keeps to 6 significant digits. */
function assertSameSteps(actual: TraceStep[], expected: TraceStep[]): void {
  const close = (a: number, b: number) => Math.abs(a - b) <= 5e-6 * Math.abs(b);
  assert.equal(actual.length, expected.length);
  actual.forEach((step, i) => {
    const want = expected[i];
    const {predicted, probability} = step;
    assert.deepEqual(
      {index: step.index, action: step.action, rank: step.rank, hit: step.hit, unknown: step.unknown},
      {index: want.index, action: want.action, rank: want.rank, hit: want.hit, unknown: want.unknown},
      `step ${i}`
    );
    assert.deepEqual(
      predicted.map((p) => p.action),
      want.predicted.map((p) => p.action),
      `step ${i}: top k`
    );
    assert.ok(close(probability, want.probability), `step ${i}: ${probability} vs ${want.probability}`);
    predicted.forEach((p, j) => assert.ok(close(p.probability, want.predicted[j].probability), `step ${i}, #${j + 1}`));
  });
}

test("traceAtK(prepareTrace(trace at 10), k) reads models/ngram-w2's held-out trace as traceSequence at k gives it", async () => {
  const {actions, testStart} = await sequenceJson();
  const {artifact, model} = await loadModelDir("models/ngram-w2");
  const heldOut = actions.slice(testStart, testStart + 400);
  const trace = (k: number) =>
    traceSequence(model, artifact.vocabulary, heldOut, {k, history: actions.slice(0, testStart), start: testStart});
  // Through JSON, as the page reads the data loader's output.
  const prepared = JSON.parse(JSON.stringify(prepareTrace(trace(10), {model: "models/ngram-w2", window: 2, k: 10})));
  for (const k of [1, 3, 5, 10]) assertSameSteps(traceAtK(prepared, k), trace(k));
  assert.throws(() => traceAtK(prepared, 11), /made with the top 10/);
});

test("traceAtK(prepared, k) keeps an unknown action's rank as Infinity and never a hit", async () => {
  const sequence = ["a", "b", "a", "b", "a", "c"];
  const vocabulary = buildVocabulary([sequence]);
  const model = createNgram(vocabulary.actions.length, 1);
  await model.fit([encode(vocabulary, sequence)]);
  const steps = traceSequence(model, vocabulary, ["b", "zzz", "a"], {k: 3, history: ["a"], start: 7});
  const prepared = JSON.parse(JSON.stringify(prepareTrace(steps, {model: "test", window: 1, k: 3})));
  assertSameSteps(traceAtK(prepared, 3), steps);
  const unknown = traceAtK(prepared, 2)[1];
  assert.deepEqual(
    [unknown.index, unknown.action, unknown.rank, unknown.hit, unknown.unknown],
    [8, "zzz", Infinity, false, true]
  );
});
