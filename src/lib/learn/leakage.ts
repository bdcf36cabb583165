/**
 * Leakage audit: how much of the test part the training part already shows, and whether the input is a
 * repeated block (events-dataset.txt is the same 10,821 actions twice, so any split of it leaks).
 * Printed with every evaluation.
 */
import {smallestPeriod as sequencePeriod} from "../sequencePeriod.js";
import type {ActionWindow} from "./windows.js";

export interface Repetition {
  length: number;
  /** Smallest period p of the sequence (KMP failure function): s[i] = s[i + p] for all i. */
  period: number;
  /** length / period; an integer when the sequence is exact copies of one block. */
  copies: number;
  /** Whether period <= length / 2, i.e. the sequence repeats itself at least twice. */
  repeated: boolean;
  message: string;
}

export interface LeakageAudit {
  testWindows: number;
  /** Test windows (context + target) that also occur in training. */
  windowsInTraining: number;
  windowFraction: number;
  /** Test contexts that also occur (with any target) in training. */
  contextsInTraining: number;
  contextFraction: number;
  /** Test targets never seen in training (they become UNK and are always wrong). */
  unseenTargets: number;
  repetition: Repetition | null;
}

/**
 * Smallest period of a sequence (sequencePeriod.ts), with the number of copies and a message.
 * @example smallestPeriod(["a", "b", "a", "b"]) // {period: 2, copies: 2, repeated: true, ...}
 */
export function smallestPeriod<T>(sequence: readonly T[]): Repetition {
  const n = sequence.length;
  if (n === 0) return {length: 0, period: 0, copies: 0, repeated: false, message: "the sequence is empty"};
  const period = sequencePeriod(sequence);
  const copies = n / period;
  const repeated = period <= n / 2;
  const message = repeated
    ? `the sequence is ${Number.isInteger(copies) ? copies : copies.toFixed(2)} copies of a ${period}-action block: any split of it leaks test windows into training`
    : `no repetition: the sequence's smallest period (${period}) is more than half its length (${n})`;
  return {length: n, period, copies, repeated, message};
}

/** Audit test windows against training windows; pass the whole action stream to check for repetition. */
export function leakageAudit(
  trainWindows: readonly ActionWindow[],
  testWindows: readonly ActionWindow[],
  stream?: readonly string[]
): LeakageAudit {
  const windows = new Set<string>();
  const contexts = new Set<string>();
  const actions = new Set<string>();
  for (const w of trainWindows) {
    const c = key(w.context);
    contexts.add(c);
    windows.add(c + "\u0000" + w.target);
    actions.add(w.target);
    for (const a of w.context) actions.add(a);
  }
  let windowsInTraining = 0;
  let contextsInTraining = 0;
  let unseenTargets = 0;
  for (const w of testWindows) {
    const c = key(w.context);
    if (contexts.has(c)) ++contextsInTraining;
    if (windows.has(c + "\u0000" + w.target)) ++windowsInTraining;
    if (!actions.has(w.target)) ++unseenTargets;
  }
  const n = testWindows.length;
  return {
    testWindows: n,
    windowsInTraining,
    windowFraction: n ? windowsInTraining / n : 0,
    contextsInTraining,
    contextFraction: n ? contextsInTraining / n : 0,
    unseenTargets,
    repetition: stream ? smallestPeriod(stream) : null
  };
}

/** Human-readable lines of an audit. */
export function formatLeakage(audit: LeakageAudit): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `leakage: ${audit.windowsInTraining} of ${audit.testWindows} test windows (${pct(audit.windowFraction)}) also occur in training (context + next action)`,
    `leakage: ${audit.contextsInTraining} of ${audit.testWindows} test contexts (${pct(audit.contextFraction)}) occur in training`,
    `leakage: ${audit.unseenTargets} test targets are actions never seen in training (always counted wrong)`
  ];
  if (audit.repetition) lines.push(`repetition: ${audit.repetition.message}`);
  return lines;
}

function key(context: readonly string[]): string {
  return context.join("\u0001");
}
