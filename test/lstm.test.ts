import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {maxIndex} from "d3";
import {createLstm, loadLstm, windowsOf, type LstmOptions} from "../src/lib/learn/lstm.js";
import type {EpochLog} from "../src/lib/learn/predictor.js";
import {PAD_ID} from "../src/lib/learn/vocabulary.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

const SIZE = 7; // PAD, UNK and five actions 2..6
/** A deterministic cycle 2 3 4 5 6 2 3 ...: perfectly predictable from the previous action. */
const cycle = (length: number) => Array.from({length}, (_, i) => 2 + (i % 5));
const small: LstmOptions = {window: 2, units: 8, embeddingSize: 4, batchSize: 16, learningRate: 0.03, seed: 3};

test("windowsOf(sequences, window) pads each sequence start with PAD and targets every position", () => {
  assert.deepEqual(windowsOf([[5, 6, 7], [8]], 2), {
    contexts: [
      [PAD_ID, PAD_ID],
      [PAD_ID, 5],
      [5, 6],
      [PAD_ID, PAD_ID]
    ],
    targets: [5, 6, 7, 8]
  });
});

test("createLstm(size, options).predict(contexts) returns one distribution over `size` ids per context", () => {
  const model = createLstm(SIZE, small);
  try {
    assert.deepEqual(model.model.outputs[0].shape, [null, SIZE]);
    const out = model.predict([[2, 3], [4], [2, 3, 4, 5]]);
    assert.equal(out.length, 3);
    for (const p of out) {
      assert.equal(p.length, SIZE);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
    assert.throws(() => model.predict([[2, SIZE]]), /outside/);
  } finally {
    model.dispose();
  }
});

test("fit(sequences) learns a repeating cycle of 5 actions within a few epochs", async () => {
  const model = createLstm(SIZE, {...small, epochs: 10, batchSize: 20});
  try {
    const {history} = await model.fit([cycle(200)]);
    const last = history.at(-1)!;
    assert.ok(last.accuracy > 0.95, `training accuracy ${last.accuracy}`);
    const {contexts, targets} = windowsOf([cycle(20)], 2);
    const predicted = model.predict(contexts.slice(2)).map((p) => maxIndex(p));
    assert.deepEqual(predicted, targets.slice(2));
  } finally {
    model.dispose();
  }
});

test("fit(sequences) with the same seed gives the same losses; another seed does not", async () => {
  const run = async (seed: number) => {
    const model = createLstm(SIZE, {...small, epochs: 2, seed});
    try {
      return (await model.fit([cycle(120)])).history.map((h) => [h.loss, h.valLoss]);
    } finally {
      model.dispose();
    }
  };
  const a = await run(11);
  assert.deepEqual(await run(11), a);
  assert.notDeepEqual(await run(12), a);
});

test("fit(sequences) keeps the tensor count flat across epochs and releases everything after dispose", async () => {
  const baseline = tf.memory().numTensors;
  const model = createLstm(SIZE, {...small, epochs: 4, patience: 10});
  const counts: number[] = [];
  await model.fit([cycle(100)], {onEpochEnd: () => void counts.push(tf.memory().numTensors)});
  assert.equal(counts.length, 4);
  assert.ok(
    counts.every((c) => c === counts[0]),
    `tensor counts ${counts}`
  );
  model.dispose();
  assert.equal(tf.memory().numTensors, baseline);
});

test("fit(sequences) stops after the epoch whose onEpochEnd returns false, and logs every EpochLog field", async () => {
  const model = createLstm(SIZE, {...small, epochs: 10});
  try {
    const logs: EpochLog[] = [];
    const result = await model.fit([cycle(100)], {onEpochEnd: (log) => (logs.push(log), log.epoch < 2)});
    assert.equal(result.history.length, 2);
    assert.equal(result.stoppedEarly, true);
    assert.deepEqual(Object.keys(logs[0]).sort(), [
      "accuracy",
      "epoch",
      "learningRate",
      "loss",
      "seconds",
      "valAccuracy",
      "valLoss",
      "valMacroF1"
    ]);
  } finally {
    model.dispose();
  }
});

test("fit(sequences) stops early when validation loss stops improving and restores the best epoch's weights", async () => {
  // Validation (the last windows) continues the cycle differently from training: it can only get worse.
  const train = cycle(100);
  const shifted = Array.from({length: 30}, (_, i) => 2 + ((i * 2) % 5));
  const model = createLstm(SIZE, {
    ...small,
    epochs: 30,
    patience: 2,
    plateauPatience: 1,
    validationFraction: 0.23,
    validationSplit: "last"
  });
  try {
    const result = await model.fit([[...train, ...shifted]]);
    assert.equal(result.stoppedEarly, true);
    assert.ok(result.history.length < 30);
    const best = result.history.find((h) => h.epoch === result.bestEpoch)!;
    assert.equal(best.valLoss, Math.min(...result.history.map((h) => h.valLoss!)));
    assert.ok(result.history.at(-1)!.learningRate! < small.learningRate!, "learning rate was reduced on the plateau");
    // Restored weights reproduce the best epoch's validation loss.
    const {contexts, targets} = windowsOf([[...train, ...shifted]], 2);
    const n = targets.length - Math.floor(targets.length * 0.23);
    const p = model.predict(contexts.slice(n));
    const loss = -p.reduce((s, q, i) => s + Math.log(q[targets[n + i]]), 0) / p.length;
    assert.ok(Math.abs(loss - best.valLoss!) < 1e-3, `restored loss ${loss} vs best ${best.valLoss}`);
  } finally {
    model.dispose();
  }
});

test("save() then loadLstm(files) predicts exactly the same probabilities", async () => {
  const model = createLstm(SIZE, {...small, epochs: 2});
  const loaded = await (async () => {
    await model.fit([cycle(60)]);
    const files = await model.save();
    assert.deepEqual(Object.keys(files).sort(), ["lstm.json", "model.json", "weights.bin"]);
    const manifest = JSON.parse(files["model.json"] as string).weightsManifest;
    assert.deepEqual(manifest[0].paths, ["weights.bin"]);
    return loadLstm(files);
  })();
  try {
    const contexts = [
      [PAD_ID, 2],
      [3, 4],
      [6, 2]
    ];
    assert.deepEqual(loaded.predict(contexts), model.predict(contexts));
    assert.equal(loaded.window, 2);
    assert.equal(loaded.size, SIZE);
    assert.equal(loaded.options.units, small.units);
  } finally {
    model.dispose();
    loaded.dispose();
  }
});

test("loadLstm(files) refuses a truncated weights.bin and a model.json that is not JSON", async () => {
  const model = createLstm(SIZE, small);
  const files = await model.save();
  model.dispose();
  const weights = files["weights.bin"] as Uint8Array;
  await assert.rejects(
    loadLstm({...files, "weights.bin": weights.subarray(0, weights.length - 4)}),
    /weights\.bin has \d+ bytes but .* describes \d+ bytes/
  );
  await assert.rejects(loadLstm({...files, "model.json": "{not json"}), /model\.json: not valid JSON/);
  await assert.rejects(
    loadLstm({"model.json": files["model.json"], "lstm.json": files["lstm.json"]}),
    /weights\.bin is missing/
  );
  await assert.rejects(
    loadLstm({"model.json": files["model.json"], "weights.bin": files["weights.bin"]}),
    /lstm\.json: missing from the model artifact/
  );
});

test("createLstm({window: 1}) trains and loads back (TF.js cannot back-propagate a one-step RNN: the input gets a constant PAD step)", async () => {
  const model = createLstm(SIZE, {...small, window: 1, epochs: 3});
  try {
    const result = await model.fit([cycle(100)]);
    assert.equal(result.history.length, 3);
    const [p] = model.predict([[3]]);
    assert.equal(p.length, SIZE);
    const loaded = await loadLstm(await model.save());
    assert.deepEqual(loaded.predict([[3], [4]]), model.predict([[3], [4]]));
    loaded.dispose();
  } finally {
    model.dispose();
  }
});

test("loadLstm(files) refuses the weights of a model with other layer sizes", async () => {
  const a = createLstm(SIZE, small);
  const b = createLstm(SIZE, {...small, units: 6});
  const [filesA, filesB] = [await a.save(), await b.save()];
  a.dispose();
  b.dispose();
  await assert.rejects(
    loadLstm({...filesA, "weights.bin": filesB["weights.bin"]}),
    /weights\.bin has \d+ bytes but .* describes \d+ bytes/
  );
});

test("fit(sequences, {shouldStop}) ends within the epoch when shouldStop turns true, without logging that epoch", async () => {
  const model = createLstm(SIZE, {...small, epochs: 10, batchSize: 8});
  try {
    let polls = 0;
    const result = await model.fit([cycle(200)], {shouldStop: () => ++polls > 30});
    // 200 windows in batches of 8 make 25 batches an epoch (before validation): the 31st poll falls in epoch 2.
    assert.equal(result.history.length, 1);
    assert.equal(result.stoppedEarly, true);
  } finally {
    model.dispose();
  }
});
