import assert from "node:assert/strict";
import {test} from "node:test";
import {fitByCounting} from "../src/lib/learn/countingFit.js";
import {createNgram} from "../src/lib/learn/ngram.js";
import type {EpochLog} from "../src/lib/learn/predictor.js";

test("fitByCounting(model, windows, count) counts first, then logs one epoch with top-1 training accuracy, ties to the lower id", async () => {
  const calls: string[] = [];
  // Every context gets ids 2 and 3 tied on top: id 2 wins the tie, so only the target 2 is a hit.
  const model = {
    predict: (contexts: readonly (readonly number[])[]) => (
      calls.push("predict"),
      contexts.map(() => Float32Array.of(0, 0, 0.4, 0.4, 0.2))
    )
  };
  const logs: EpochLog[] = [];
  const windows = {contexts: [[0], [2], [3], [4]], targets: [2, 3, 4, 2]};
  const result = await fitByCounting(model, windows, () => calls.push("count"), {onEpochEnd: (l) => void logs.push(l)});
  assert.deepEqual(calls, ["count", "predict"]);
  assert.equal(result.history.length, 1);
  assert.deepEqual(logs, result.history);
  const [log] = logs;
  assert.deepEqual([log.epoch, log.loss, log.accuracy], [1, NaN, 0.5]);
  assert.equal(result.seconds, log.seconds);
});

test("NgramModel.fit(sequences) reports the share of windows whose most probable next id is the target", async () => {
  // After "2" come 3, 3, 4, so 3 is predicted: of the windows PAD->2, 2->3, 3->2, 2->3, 3->2, 2->4 only the last misses.
  const model = createNgram(5, 1);
  const {history} = await model.fit([[2, 3, 2, 3, 2, 4]]);
  assert.equal(history[0].accuracy, 5 / 6);
});
