import {smallestPeriod} from "../sequencePeriod.js";

export {smallestPeriod};

/** Result of checking an action sequence for (accidental) repetition of itself. */
export interface RepetitionReport {
  /** True when the sequence is copies of a block of at least `minPeriod` actions, or a large part occurred earlier. */
  repeated: boolean;
  length: number;
  /** Smallest period p when p <= length / 2 (the sequence is `copies` copies of its first p actions), else null. */
  period: number | null;
  /** length / period (a fraction when the last copy is partial), or null. */
  copies: number | null;
  /** Window length used for the partial check. */
  window: number;
  /** Fraction of windows (length `window`) that already occurred earlier without overlapping. */
  repeatedWindowFraction: number;
  /** Longest segment found twice without overlap (via matching windows), or null when no window repeats. */
  longestRepeat: {length: number; firstStart: number; secondStart: number} | null;
  /** Human-readable explanation when `repeated`. */
  warning?: string;
}

export interface RepetitionOptions {
  /**
   * Flag a periodic sequence only when its period is at least this long (default 100): a short period (two
   * create_secrets requests, a create/delete cycle) is how clusters work, not evidence of a log read twice.
   */
  minPeriod?: number;
  /** Window length for the partial-repetition check (default 200). */
  window?: number;
  /** Flag when at least this fraction of windows repeats (default 0.05). */
  minRepeatedFraction?: number;
  /** Flag when one segment at least this long occurs twice without overlap (default 1000). */
  minRepeatLength?: number;
}

/**
 * Detects a sequence that repeats itself, like events-dataset.txt (the same 10,821 actions twice) or a file
 * concatenated with part of itself. Short periods are reported (`period`, `copies`) but not flagged.
 * @example checkRepetition([...seq, ...seq]) // {repeated: true, period: seq.length, copies: 2, …}
 */
export function checkRepetition(sequence: readonly string[], options: RepetitionOptions = {}): RepetitionReport {
  const window = Math.max(1, Math.floor(options.window ?? 200));
  const minFraction = options.minRepeatedFraction ?? 0.05;
  const minLength = options.minRepeatLength ?? 1000;
  const minPeriod = options.minPeriod ?? 100;
  const ids = encode(sequence);
  const n = ids.length;
  const p = smallestPeriod(ids);
  const period = n > 0 && p <= n / 2 ? p : null;
  const copies = period === null ? null : Math.round((n / period) * 1000) / 1000;
  const windows = repeatedWindows(ids, window);
  // A periodic sequence is wholly covered by copies of its first period: flag it when that block is long enough.
  // A short period also explains every repeated window (a create/delete cycle run 1000 times), so nothing is flagged.
  const periodic = period !== null && period >= minPeriod;
  const repeated =
    period !== null
      ? periodic
      : (windows.total > 0 && windows.repeated / windows.total >= minFraction) ||
        (windows.longest !== null && windows.longest.length >= minLength);
  const report: RepetitionReport = {
    repeated,
    length: n,
    period,
    copies,
    window,
    repeatedWindowFraction: windows.total === 0 ? 0 : Math.round((windows.repeated / windows.total) * 1e4) / 1e4,
    longestRepeat: windows.longest
  };
  if (periodic) {
    report.warning =
      `the ${n}-action sequence is ${copies} copies of its first ${period} actions; ` +
      `use only the first ${period} (a chronological train/test split would leak the test set into training)`;
  } else if (repeated && windows.longest !== null) {
    const {length, firstStart, secondStart} = windows.longest;
    report.warning =
      `${(report.repeatedWindowFraction * 100).toFixed(1)}% of ${window}-action windows occurred earlier; ` +
      `the longest repeat is ${length} actions (at ${firstStart} and again at ${secondStart}): was a log appended twice?`;
  }
  return report;
}

function encode(sequence: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  const ids = new Int32Array(sequence.length);
  for (let i = 0; i < sequence.length; i++) {
    let id = index.get(sequence[i]);
    if (id === undefined) index.set(sequence[i], (id = index.size + 1));
    ids[i] = id;
  }
  return ids;
}

// Two polynomial rolling hashes modulo 2^32 (Math.imul wraps; odd bases, so the oldest term can be taken out).
const B1 = 0x01000193;
const B2 = 0x5bd1e995;

function repeatedWindows(
  ids: Int32Array,
  w: number
): {total: number; repeated: number; longest: RepetitionReport["longestRepeat"]} {
  const n = ids.length;
  const total = Math.max(0, n - w + 1);
  if (total === 0) return {total: 0, repeated: 0, longest: null};
  let pow1 = 1;
  let pow2 = 1;
  for (let i = 0; i < w - 1; i++) {
    pow1 = Math.imul(pow1, B1);
    pow2 = Math.imul(pow2, B2);
  }
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < w; i++) {
    h1 = (Math.imul(h1, B1) + ids[i]) | 0;
    h2 = (Math.imul(h2, B2) + ids[i]) | 0;
  }
  // Each window's first start, by its two hashes: an open-addressing table (start + 1 per slot, 0 when empty). A
  // match is then compared element by element, so a collision of both hashes (odds about total^2 / 2^64) can only
  // hide a repeat, never report one.
  const bits = Math.max(4, Math.ceil(Math.log2(total * 2)));
  const mask = (1 << bits) - 1;
  const starts = new Int32Array(mask + 1);
  const keys1 = new Int32Array(mask + 1);
  const keys2 = new Int32Array(mask + 1);
  let repeated = 0;
  let runShift = -1;
  let runStart = 0;
  let longest: RepetitionReport["longestRepeat"] = null;
  for (let start = 0; ; start++) {
    // The high bits of a multiplicative hash: the low bits of a polynomial hash modulo 2^32 mix poorly.
    let slot = Math.imul(h1 ^ h2, 0x9e3779b1) >>> (32 - bits);
    let earlier = -1;
    for (let entry = starts[slot]; entry !== 0; entry = starts[slot]) {
      if (keys1[slot] === h1 && keys2[slot] === h2) {
        earlier = entry - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    let shift = -1;
    if (earlier === -1) {
      starts[slot] = start + 1;
      keys1[slot] = h1;
      keys2[slot] = h2;
    } else if (start - earlier >= w && sameWindow(ids, earlier, start, w)) shift = start - earlier;
    if (shift > 0) {
      repeated++;
      if (shift !== runShift) {
        runShift = shift;
        runStart = start;
      }
      const length = start - runStart + w;
      if (longest === null || length > longest.length)
        longest = {length, firstStart: runStart - shift, secondStart: runStart};
    } else {
      runShift = -1;
    }
    if (start + w >= n) break;
    const out = ids[start];
    const next = ids[start + w];
    h1 = (Math.imul(h1 - Math.imul(out, pow1), B1) + next) | 0;
    h2 = (Math.imul(h2 - Math.imul(out, pow2), B2) + next) | 0;
  }
  return {total, repeated, longest};
}

function sameWindow(ids: Int32Array, a: number, b: number, w: number): boolean {
  for (let i = 0; i < w; i++) if (ids[a + i] !== ids[b + i]) return false;
  return true;
}
