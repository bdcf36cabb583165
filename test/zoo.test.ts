import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {maxIndex} from "d3";
import {createNetwork, loadNetwork, NETWORK_BUILDERS, type SequenceKind} from "../src/lib/learn/network.js";
import {createContextModel, loadContextModel, valueTable} from "../src/lib/learn/contextModel.js";
import {resolveNetworkOptions, type NetworkOptions} from "../src/lib/learn/networkOptions.js";
import {idContexts} from "../src/lib/learn/networkInputs.js";
import {causalMask} from "../src/lib/learn/causalAttention.js";
import {windowsOf} from "../src/lib/learn/lstm.js";
import {PAD_ID} from "../src/lib/learn/vocabulary.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

const SIZE = 7; // PAD, UNK and five actions 2..6
const cycle = (length: number) => Array.from({length}, (_, i) => 2 + (i % 5));
const small: NetworkOptions = {
  window: 3,
  units: 8,
  embeddingSize: 8,
  batchSize: 16,
  learningRate: 0.03,
  epochs: 2,
  seed: 3
};
const KINDS = Object.keys(NETWORK_BUILDERS) as SequenceKind[];

test("resolveNetworkOptions(kind, {window}) fills the zoo's defaults and refuses bad sizes", () => {
  const gru = resolveNetworkOptions("gru", {window: 2});
  assert.deepEqual(
    [gru.units, gru.embeddingSize, gru.layers, gru.schedule, gru.warmupEpochs, gru.clipNorm, gru.dropout],
    [64, 32, 1, "cosine", 1, 1, 0]
  );
  assert.equal(resolveNetworkOptions("tcn", {window: 4}).layers, 2);
  assert.throws(() => resolveNetworkOptions("mlp", {window: 2, units: 0}), /mlp units must be a positive integer/);
  assert.throws(() => resolveNetworkOptions("transformer", {window: 2, heads: 3}), /heads \(3\) must divide/);
  assert.throws(() => resolveNetworkOptions("gru", {window: 2, monitor: "f1" as "macroF1"}), /monitor must be one of/);
});

test("idContexts(contexts, rows, window, size) gives int32 ids, PAD first for a window of 1", () => {
  const x = idContexts(
    [
      [2, 3],
      [4, 5]
    ],
    Int32Array.of(1, 0),
    2,
    SIZE
  );
  assert.equal(x.dtype, "int32");
  assert.deepEqual(x.arraySync(), [
    [4, 5],
    [2, 3]
  ]);
  assert.deepEqual(idContexts([[4]], Int32Array.of(0), 1, SIZE).arraySync(), [[PAD_ID, 4]]);
  assert.throws(() => idContexts([[2, SIZE]], Int32Array.of(0), 2, SIZE), /outside/);
  x.dispose();
});

test("causalMask(steps) lets step i see steps <= i only", () => {
  assert.deepEqual(causalMask(3).arraySync(), [
    [0, -1e9, -1e9],
    [0, 0, -1e9],
    [0, 0, 0]
  ]);
});

for (const kind of KINDS) {
  test(`NETWORK_BUILDERS.${kind}(size, options) maps [batch, steps] ids to [batch, size] probabilities, equal for equal seeds`, () => {
    const options = resolveNetworkOptions(kind, small);
    const a = NETWORK_BUILDERS[kind](SIZE, options);
    const b = NETWORK_BUILDERS[kind](SIZE, options);
    try {
      assert.deepEqual(a.inputs[0].shape, [null, 3]);
      assert.deepEqual(a.outputs[0].shape, [null, SIZE]);
      const x = tf.tensor2d(
        [
          [0, 2, 3],
          [4, 5, 6]
        ],
        [2, 3],
        "int32"
      );
      const [pa, pb] = [a, b].map((m) => (m.predict(x) as tf.Tensor).arraySync() as number[][]);
      assert.equal(pa.length, 2);
      for (const row of pa) assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
      assert.deepEqual(pa, pb);
      x.dispose();
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  test(`createNetwork("${kind}") learns a cycle, saves, loads back the same predictions and refuses mismatches`, async () => {
    const model = createNetwork(kind, SIZE, small);
    try {
      const {history} = await model.fit([cycle(64)]);
      assert.ok(history.length >= 1 && history.every((h) => Number.isFinite(h.loss) && h.valMacroF1 !== undefined));
      assert.ok(history.at(-1)!.loss < history[0].loss, `${kind} loss should fall: ${history.map((h) => h.loss)}`);
      const files = await model.save();
      assert.deepEqual(Object.keys(files).sort(), ["model.json", "network.json", "weights.bin"]);
      const loaded = await loadNetwork(kind, files);
      const contexts = [[2, 3, 4], [PAD_ID, PAD_ID, 5], [6]];
      assert.deepEqual(loaded.predict(contexts), model.predict(contexts));
      loaded.dispose();
      const weights = files["weights.bin"] as Uint8Array;
      await assert.rejects(
        loadNetwork(kind, {...files, "weights.bin": weights.subarray(4)}),
        /weights\.bin has \d+ bytes/
      );
      const other = kind === "gru" ? "mlp" : "gru";
      await assert.rejects(loadNetwork(other, files), new RegExp(`describes a "${kind}" model, not a "${other}"`));
      const config = JSON.parse(files["network.json"] as string);
      config.options.window = 5;
      await assert.rejects(
        loadNetwork(kind, {...files, "network.json": JSON.stringify(config)}),
        /network\.json says window 5/
      );
    } finally {
      model.dispose();
    }
  });
}

test("valueTable(values, max) lists PAD, UNK, then the most frequent values (null as (none)), at most max", () => {
  assert.deepEqual(valueTable(["b", "a", "b", null], 10), ["<pad>", "<unk>", "b", "(none)", "a"]);
  assert.deepEqual(valueTable(["b", "a", "b"], 1), ["<pad>", "<unk>", "b"]);
});

test("createContextModel(actions) learns who acts next from the user attribute, saves and loads it", async () => {
  // Two users interleave: after "get_pods" alice creates a deployment, bob deletes one. Only the user tells them apart.
  const actions = ["<pad>", "<unk>", "get_pods", "create_deployments", "delete_deployments"];
  const contexts: number[][] = [];
  const targets: number[] = [];
  const attributes: {user: string; namespace: string}[][] = [];
  for (let i = 0; i < 32; i++) {
    const user = i % 2 ? "alice" : "bob";
    contexts.push([2, 2]);
    targets.push(user === "alice" ? 3 : 4);
    attributes.push([
      {user, namespace: "dev"},
      {user, namespace: "dev"}
    ]);
  }
  const model = createContextModel(actions, {...small, window: 2, epochs: 8, batchSize: 8, validationFraction: 0});
  try {
    await model.fitAttributed({contexts, targets, attributes});
    const [alice, bob] = model.predictAttributed(
      [
        [2, 2],
        [2, 2]
      ],
      [attributes[1], attributes[0]]
    );
    assert.equal(maxIndex(alice), 3);
    assert.equal(maxIndex(bob), 4);
    const files = await model.save();
    const loaded = await loadContextModel(files);
    assert.deepEqual(
      loaded.predictAttributed([[2, 2]], [attributes[1]]),
      model.predictAttributed([[2, 2]], [attributes[1]])
    );
    // Plain predict (no attributes) still gives a distribution over the actions.
    assert.equal(loaded.predict([[2, 2]])[0].length, actions.length);
    loaded.dispose();
    await assert.rejects(loadNetwork("gru", files), /describes a "context" model, not a "gru"/);
  } finally {
    model.dispose();
  }
});

test("fit on windowsOf(...) and on sequences give the same history for the same seed (seeded training)", async () => {
  const run = async () => {
    const model = createNetwork("mlp", SIZE, {...small, epochs: 2});
    const {history} = await model.fitWindows(windowsOf([cycle(40)], 3));
    model.dispose();
    return history.map((h) => [h.loss, h.valLoss]);
  };
  assert.deepEqual(await run(), await run());
});
