import assert from "node:assert/strict";
import {test} from "node:test";
import {back, clampReplay, forward, historyStrip, replayBars, replayStart} from "../src/lib/learn/guessReplay.js";
import type {TraceStep} from "../src/lib/learn/nextActions.js";

const step = (action: string, rank: number, probability = 0.1): TraceStep => ({
  index: 0,
  action,
  predicted: [
    {action: "a", probability: 0.5},
    {action: "b", probability: 0.3}
  ],
  rank,
  probability,
  hit: rank <= 2,
  unknown: !Number.isFinite(rank)
});

test("forward(state, length) reveals the real action first, then moves to the next step hidden", () => {
  const revealed = forward(replayStart, 3);
  assert.deepEqual(revealed, {position: 0, revealed: true});
  assert.deepEqual(forward(revealed, 3), {position: 1, revealed: false});
});

test("forward(state, length) starts again after the last step, and shows actions at once without guessFirst", () => {
  assert.deepEqual(forward({position: 2, revealed: true}, 3), {position: 0, revealed: false});
  assert.deepEqual(forward({position: 0, revealed: true}, 3, {guessFirst: false}), {position: 1, revealed: true});
  assert.deepEqual(forward({position: 0, revealed: false}, 0), replayStart);
});

test("back(state, length) shows the previous step revealed, and stays at the first", () => {
  assert.deepEqual(back({position: 2, revealed: false}, 3), {position: 1, revealed: true});
  assert.deepEqual(back({position: 0, revealed: false}, 3), {position: 0, revealed: true});
});

test("clampReplay(state, length) starts again when the position is past the end", () => {
  assert.deepEqual(clampReplay({position: 5, revealed: true}, 3), replayStart);
  assert.deepEqual(clampReplay({position: 1, revealed: true}, 3), {position: 1, revealed: true});
});

test("replayBars(step, revealed) hides the truth until revealed, then marks it in the top k", () => {
  assert.deepEqual(
    replayBars(step("b", 2, 0.3), false).map((b) => b.kind),
    ["predicted", "predicted"]
  );
  assert.deepEqual(
    replayBars(step("b", 2, 0.3), true).map((b) => b.kind),
    ["predicted", "truth"]
  );
});

test("replayBars(step, true) adds a surprise below the top k with its rank and probability", () => {
  const bars = replayBars(step("z", 17, 0.01), true);
  assert.deepEqual(bars.at(-1), {action: "z", probability: 0.01, rank: 17, kind: "outside"});
});

test("historyStrip(steps, position, n) gives the n steps before position, oldest first", () => {
  const steps = ["p", "q", "r", "s"].map((a) => step(a, 1));
  assert.deepEqual(
    historyStrip(steps, 3, 2).map((s) => s.action),
    ["q", "r"]
  );
  assert.deepEqual(historyStrip(steps, 0, 2), []);
});
