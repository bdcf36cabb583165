import assert from "node:assert/strict";
import {test} from "node:test";
import {randomLcg} from "d3";
import {shuffled, splitSessions} from "../src/lib/learn/splits.js";
import type {Session} from "../src/lib/learn/sequences.js";

/** The hand-written Fisher-Yates that splits.ts used before d3's shuffler (same draws, minus d3's last one). */
function textbookShuffle(n: number, seed: number): number[] {
  const random = randomLcg(seed);
  const order = Array.from({length: n}, (_, i) => i);
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

test("shuffled(n, seed) is a fixed permutation for a seed", () => {
  assert.deepEqual([...shuffled(10, 42)], [5, 3, 7, 6, 8, 9, 1, 4, 0, 2]);
  assert.deepEqual([...shuffled(10, 7)], [3, 9, 5, 1, 7, 0, 6, 4, 8, 2]);
  assert.deepEqual([...shuffled(0, 42)], []);
  assert.deepEqual([...shuffled(1, 42)], [0]);
});

test("shuffled(n, seed) equals a textbook Fisher-Yates over randomLcg(seed) for n up to 200", () => {
  for (const seed of [0, 1, 42, 2024])
    for (let n = 0; n <= 200; ++n) assert.deepEqual([...shuffled(n, seed)], textbookShuffle(n, seed), `n ${n}`);
});

// Five sessions of 4..8 actions: small enough to list every window by session:index.
const sessions: Session[] = ["a", "b", "c", "d", "e"].map((key, k) => {
  const actions = Array.from({length: 4 + k}, (_, i) => `x${k}_${i % 3}`);
  return {key, actions, times: actions.map(() => null)};
});
const ids = (windows: {session: string; index: number}[]) => windows.map((w) => `${w.session}:${w.index}`);

test("splitSessions random with seed 42 holds out the same windows as the hand-written shuffle did", () => {
  const split = splitSessions(sessions, {kind: "random", window: 2, testFraction: 0.3, seed: 42});
  assert.deepEqual(ids(split.testWindows), ["a:3", "b:0", "b:4", "c:4", "e:0", "e:1", "e:2", "e:4", "e:7"]);
  assert.equal(split.trainWindows.length, 21);
});

test("splitSessions group with seed 42 holds out the same sessions as the hand-written shuffle did", () => {
  const split = splitSessions(sessions, {kind: "group", window: 2, testFraction: 0.3, seed: 42});
  assert.deepEqual(split.testSessions, ["c", "d"]);
  assert.deepEqual(ids(split.trainWindows).slice(0, 5), ["a:0", "a:1", "a:2", "a:3", "b:0"]);
  assert.equal(split.testWindows.length, 13);
});
