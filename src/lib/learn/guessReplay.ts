/**
 * A guess-first replay for teaching: at each step the room sees what the model expects, guesses, and only then
 * is the real action revealed. One key (Space or →) reveals, the next press moves on; ← steps back.
 */
import type {TraceStep} from "./nextActions.js";

export interface ReplayState {
  /** Index of the step shown. */
  position: number;
  /** Whether the real action of that step is shown. */
  revealed: boolean;
}

export const replayStart: ReplayState = Object.freeze({position: 0, revealed: false});

/**
 * One press of Space/→: reveal the real action, or, when it is shown, the next step with its action hidden (or
 * already shown when `guessFirst` is off). After the last step the replay starts again.
 * @example forward({position: 3, revealed: false}, 10) // {position: 3, revealed: true}
 */
export function forward(state: ReplayState, length: number, {guessFirst = true} = {}): ReplayState {
  if (length === 0) return replayStart;
  if (guessFirst && !state.revealed) return {position: state.position, revealed: true};
  const position = state.position + 1 >= length ? 0 : state.position + 1;
  return {position, revealed: !guessFirst};
}

/**
 * One press of ←: the previous step, its action shown (it was seen already); at the first step, nothing moves.
 * @example back({position: 3, revealed: false}, 10) // {position: 2, revealed: true}
 */
export function back(state: ReplayState, length: number): ReplayState {
  if (length === 0) return replayStart;
  return {position: Math.max(0, Math.min(state.position, length) - 1), revealed: true};
}

/** The state moved into a replay of `length` steps (after the data changed length, say). */
export function clampReplay(state: ReplayState, length: number): ReplayState {
  return state.position < length ? state : replayStart;
}

export interface ReplayBar {
  action: string;
  probability: number;
  /** "predicted": one of the top k; "truth": the real action, in the top k; "outside": the real action, ranked below k. */
  kind: "predicted" | "truth" | "outside";
  rank: number;
}

/**
 * The bars of one step: the model's top k, and once revealed, the real action marked, added below the top k with
 * its rank when the model ranked it lower (a surprise), so the room sees how far off the model was.
 */
export function replayBars(step: TraceStep, revealed: boolean): ReplayBar[] {
  const bars: ReplayBar[] = step.predicted.map((p, i) => ({
    ...p,
    rank: i + 1,
    kind: revealed && p.action === step.action ? "truth" : "predicted"
  }));
  if (revealed && !step.hit)
    bars.push({action: step.action, probability: step.probability, rank: step.rank, kind: "outside"});
  return bars;
}

/**
 * The `n` steps before `position`, oldest first, with whether each was in the top k: the history strip.
 * @example historyStrip(steps, 5, 3).map((s) => s.action) // the actions of steps 2, 3 and 4
 */
export function historyStrip(steps: readonly TraceStep[], position: number, n: number): TraceStep[] {
  return steps.slice(Math.max(0, position - n), position);
}
