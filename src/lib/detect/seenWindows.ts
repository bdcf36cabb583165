/**
 * The strict detector: counts every (context of the W previous keys, next key) pair of the normal training
 * sessions, and flags a pair seen fewer than `minCount` times (by default: never seen). It has no notion of
 * probability, so it needs no g or threshold; with a short W it generalises, with a long one it flags every novel
 * path. The `minContext` variant judges only contexts that training saw often enough to trust their absences,
 * at every length from W down to 1, so a rare but normal long context is not flagged merely for being rare.
 */
import {PAD} from "../learn/vocabulary.js";
import {contextBefore} from "../learn/windows.js";

export interface UnseenOptions {
  /** A pair seen fewer times than this is abnormal. Default 1 (never seen). */
  minCount?: number;
  /**
   * When set, a pair is judged at each context length j = W..1 whose context was seen at least this many times
   * (contexts seen less are not evidence either way); without it, only the full W-key context is judged.
   */
  minContext?: number;
}

export class SeenWindows {
  /** Pair counts, for every context length 1..window ("j|context|key" keys). */
  private readonly pairs = new Map<string, number>();
  /** Context counts for every context length 1..window. */
  private readonly contexts = new Map<string, number>();

  constructor(readonly window: number) {
    if (!Number.isInteger(window) || window < 1) throw new Error(`window must be an integer >= 1, got ${window}`);
  }

  /** Remembers every window of one normal session (PAD-padded at its start, as the models' windows are). */
  add(sequence: readonly string[]): void {
    for (let i = 0; i < sequence.length; ++i)
      for (let j = 1; j <= this.window; ++j) {
        const context = this.contextKey(sequence, i, j);
        increment(this.contexts, context);
        increment(this.pairs, context + "\u0001" + sequence[i]);
      }
  }

  /**
   * Positions of `sequence` whose (context, key) pair is too rare in training (see UnseenOptions).
   * @example const s = new SeenWindows(1); s.add(["5", "22"]); s.unseen(["5", "5"]) // [1]
   */
  unseen(sequence: readonly string[], options: UnseenOptions = {}): number[] {
    const {minCount = 1, minContext} = options;
    const out: number[] = [];
    for (let i = 0; i < sequence.length; ++i) {
      if (minContext === undefined) {
        if ((this.pairs.get(this.contextKey(sequence, i, this.window) + "\u0001" + sequence[i]) ?? 0) < minCount)
          out.push(i);
        continue;
      }
      for (let j = this.window; j >= 1; --j) {
        const context = this.contextKey(sequence, i, j);
        if ((this.contexts.get(context) ?? 0) < minContext) continue;
        if ((this.pairs.get(context + "\u0001" + sequence[i]) ?? 0) < minCount) {
          out.push(i);
          break;
        }
      }
    }
    return out;
  }

  /** Number of distinct (context, key) pairs remembered at the full window. */
  get size(): number {
    let n = 0;
    const prefix = `${this.window}|`;
    for (const key of this.pairs.keys()) if (key.startsWith(prefix)) ++n;
    return n;
  }

  private contextKey(sequence: readonly string[], i: number, j: number): string {
    return `${j}|` + contextBefore(sequence, i, j, PAD).join("\u0000");
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
