/**
 * Windows: (context of the W previous actions, next action) pairs. The first actions of a sequence have
 * fewer than W predecessors, so their contexts are padded at the start with PAD, as PerfSPEC pads its
 * sliding windows; every action of a sequence is therefore a target exactly once.
 */
import {PAD, PAD_ID, UNK_ID, type Vocabulary} from "./vocabulary.js";

/** One window over action strings; true labels stay strings so unseen test actions still count. */
export interface ActionWindow {
  /** Session key (see sequences.ts). */
  session: string;
  /** Position of the target in its session. */
  index: number;
  /** The W previous actions, oldest first, PAD-padded at the start. */
  context: string[];
  target: string;
}

/**
 * All windows of one sequence of actions.
 * @example actionWindows(["a", "b", "c"], 2) // [<pad>,<pad>]->a, [<pad>,a]->b, [a,b]->c
 */
export function actionWindows(actions: readonly string[], window: number, session = "all"): ActionWindow[] {
  checkWindow(window);
  const out: ActionWindow[] = [];
  for (let i = 0; i < actions.length; ++i)
    out.push({session, index: i, context: contextBefore(actions, i, window, PAD), target: actions[i]});
  return out;
}

/** The `window` elements before position `i`, padded at the start with `pad`. */
export function contextBefore<T>(sequence: readonly T[], i: number, window: number, pad: T): T[] {
  const context = new Array<T>(window);
  for (let j = 0; j < window; ++j) {
    const k = i - window + j;
    context[j] = k >= 0 ? sequence[k] : pad;
  }
  return context;
}

/**
 * Integer windows of one sequence of action ids: the window builder every model's fit() uses.
 * @example idWindows([5, 6, 7], 1) // {contexts: [[0], [5], [6]], targets: [5, 6, 7]}
 */
export function idWindows(sequence: readonly number[], window: number): {contexts: number[][]; targets: number[]} {
  checkWindow(window);
  const contexts: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < sequence.length; ++i) {
    contexts.push(contextBefore(sequence, i, window, PAD_ID));
    targets.push(sequence[i]);
  }
  return {contexts, targets};
}

/** Integer windows of many sequences, concatenated. */
export function idWindowsOfSequences(
  sequences: readonly (readonly number[])[],
  window: number
): {contexts: number[][]; targets: number[]} {
  const contexts: number[][] = [];
  const targets: number[] = [];
  for (const s of sequences) {
    const w = idWindows(s, window);
    // A loop, not push(...spread): a long session would exceed the argument limit.
    for (let i = 0; i < w.targets.length; ++i) {
      contexts.push(w.contexts[i]);
      targets.push(w.targets[i]);
    }
  }
  return {contexts, targets};
}

/** Encode a context of action strings (PAD stays PAD_ID, unseen actions become UNK_ID). */
export function encodeContext(vocabulary: Vocabulary, context: readonly string[]): number[] {
  return context.map((a) => (a === PAD ? PAD_ID : (vocabulary.index.get(a) ?? UNK_ID)));
}

/** Encode windows for a model: contexts as ids, targets as ids (UNK_ID for unseen actions). */
export function encodeWindows(
  vocabulary: Vocabulary,
  windows: readonly ActionWindow[]
): {contexts: number[][]; targets: number[]} {
  return {
    contexts: windows.map((w) => encodeContext(vocabulary, w.context)),
    targets: windows.map((w) => vocabulary.index.get(w.target) ?? UNK_ID)
  };
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) throw new Error(`window must be an integer >= 1, got ${window}`);
}
