/**
 * Train/test splits of sessions into windows. Three kinds:
 * - "chrono": each session is cut in time: its first floor(n * (1 - f)) actions are training, the rest is test.
 *   With the global session this is "the first 80% of the stream"; with user/namespace sessions every session
 *   contributes its own tail to the test part (a per-session chronological split, not one time cut across all).
 *   Test contexts may reach back into the training part: that history is known at prediction time.
 * - "random": all windows of all sessions, shuffled with a seed; a fraction f goes to test (PerfSPEC's protocol,
 *   which lets near-copies of test windows into training).
 * - "group": whole sessions (users or namespaces) go to test, drawn with a seed until about f of the windows.
 * The vocabulary must then be built from `trainingActions(split)` only.
 */
import {randomLcg, shuffler} from "d3";
import type {Session} from "./sequences.js";
import {actionWindows, type ActionWindow} from "./windows.js";
import {PAD} from "./vocabulary.js";

export type SplitKind = "chrono" | "random" | "group";
export const SPLIT_KINDS: readonly SplitKind[] = ["chrono", "random", "group"];

export interface SplitOptions {
  kind: SplitKind;
  window: number;
  /** Fraction of windows held out for testing, in (0, 1). Default 0.2. */
  testFraction?: number;
  /** Seed of the random and group splits. Default 42. */
  seed?: number;
}

export interface Split {
  kind: SplitKind;
  window: number;
  testFraction: number;
  seed: number;
  /** Training actions as sequences (chrono: session prefixes; group: whole sessions; random: empty, see trainWindows). */
  trainSequences: string[][];
  /** Session key of each training sequence (chrono and group; empty for random). */
  trainSessions: string[];
  trainWindows: ActionWindow[];
  testWindows: ActionWindow[];
  /** Sessions held out entirely (group split). */
  testSessions: string[];
}

/**
 * Split sessions into training and test windows.
 * @example const split = splitSessions(buildSessions(records, "global"), {kind: "chrono", window: 2, testFraction: 0.2})
 */
export function splitSessions(sessions: readonly Session[], options: SplitOptions): Split {
  const {kind, window} = options;
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  if (!SPLIT_KINDS.includes(kind)) throw new Error(`unknown split "${kind}" (expected ${SPLIT_KINDS.join(", ")})`);
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`test fraction must be in (0, 1), got ${testFraction}`);
  const base = {kind, window, testFraction, seed, testSessions: [] as string[]};
  const perSession = sessions.map((s) => actionWindows(s.actions, window, s.key));

  if (kind === "chrono") {
    const trainSequences: string[][] = [];
    const trainSessions: string[] = [];
    const trainWindows: ActionWindow[] = [];
    const testWindows: ActionWindow[] = [];
    sessions.forEach((s, i) => {
      const cut = Math.floor(s.actions.length * (1 - testFraction));
      if (cut > 0) {
        trainSequences.push(s.actions.slice(0, cut));
        trainSessions.push(s.key);
      }
      for (const w of perSession[i]) (w.index < cut ? trainWindows : testWindows).push(w);
    });
    return {...base, trainSequences, trainSessions, trainWindows, testWindows};
  }

  if (kind === "random") {
    const all = perSession.flat();
    const order = shuffled(all.length, seed);
    const testCount = all.length - Math.floor(all.length * (1 - testFraction));
    const isTest = new Uint8Array(all.length);
    for (let i = 0; i < testCount; ++i) isTest[order[i]] = 1;
    // Both parts keep the stream order, so printed windows read naturally.
    return {
      ...base,
      trainSequences: [],
      trainSessions: [],
      trainWindows: all.filter((_, i) => !isTest[i]),
      testWindows: all.filter((_, i) => isTest[i])
    };
  }

  if (sessions.length < 2)
    throw new Error(
      `a group split needs at least two sessions (use --session user, namespace or user-namespace), got ${sessions.length}`
    );
  const total = perSession.reduce((n, w) => n + w.length, 0);
  const order = shuffled(sessions.length, seed);
  const isTest = new Uint8Array(sessions.length);
  let testCount = 0;
  for (let k = 0; k < order.length - 1 && testCount < testFraction * total; ++k) {
    isTest[order[k]] = 1;
    testCount += perSession[order[k]].length;
  }
  return {
    ...base,
    trainSequences: sessions.filter((_, i) => !isTest[i]).map((s) => s.actions),
    trainSessions: sessions.filter((_, i) => !isTest[i]).map((s) => s.key),
    trainWindows: perSession.filter((_, i) => !isTest[i]).flat(),
    testWindows: perSession.filter((_, i) => isTest[i]).flat(),
    testSessions: sessions.filter((_, i) => isTest[i]).map((s) => s.key)
  };
}

/** The actions the vocabulary may be built from: training sequences, or training windows for a random split. */
export function trainingActions(split: Split): string[][] {
  if (split.kind !== "random") return split.trainSequences;
  return split.trainWindows.map((w) => [...w.context.filter((a) => a !== PAD), w.target]);
}

/** Sizes of a split, as stored in split.json. */
export function splitCounts(split: Split): {
  trainWindows: number;
  testWindows: number;
  trainSequences: number;
  testSessions: number;
} {
  return {
    trainWindows: split.trainWindows.length,
    testWindows: split.testWindows.length,
    trainSequences: split.trainSequences.length,
    testSessions: split.testSessions.length
  };
}

/**
 * The integers 0..n-1 shuffled by d3's shuffler over a fresh seeded LCG: one seed, one permutation.
 * @example shuffled(10, 42) // Int32Array [5, 3, 7, 6, 8, 9, 1, 4, 0, 2]
 */
export function shuffled(n: number, seed: number): Int32Array {
  return shuffler(randomLcg(seed))(Int32Array.from({length: n}, (_, i) => i));
}
