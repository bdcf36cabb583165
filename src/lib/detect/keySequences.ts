/**
 * DeepLog's session files: one session per line, made of space-separated integer log keys (e.g. `hdfs_train`).
 * Parsed line by line like any other input: a bad line becomes a problem named by its line, good lines are kept.
 */
import type {Problem} from "../ingest/types.js";

export interface KeySession {
  /** 1-based line of the session in its file. */
  line: number;
  /** The keys as written (strings, so they can be vocabulary entries). */
  keys: string[];
}

const KEY = /^\d+$/;

/**
 * Sessions of a DeepLog key file; blank lines are skipped, a line with a token that is not a non-negative
 * integer is reported and skipped.
 * @example parseKeySessions("5 22 5\nfoo\n", "f") // {sessions: [{line: 1, keys: ["5", "22", "5"]}], problems: [{file: "f", line: 2, reason: 'not an integer key: "foo"'}]}
 */
export function parseKeySessions(text: string, file: string): {sessions: KeySession[]; problems: Problem[]} {
  const sessions: KeySession[] = [];
  const problems: Problem[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; ++i) {
    const problem = addKeyLine(sessions, i + 1, lines[i]);
    if (problem !== null) problems.push({file, line: i + 1, reason: problem});
  }
  return {sessions, problems};
}

/** Parses one line into `sessions`; returns the reason it is bad, or null (blank lines add nothing). */
export function addKeyLine(sessions: KeySession[], line: number, text: string): string | null {
  const keys = text.trim().split(/\s+/);
  if (keys.length === 1 && keys[0] === "") return null;
  const bad = keys.find((k) => !KEY.test(k));
  if (bad !== undefined) return `not an integer key: ${JSON.stringify(bad.slice(0, 40))}`;
  sessions.push({line, keys});
  return null;
}
