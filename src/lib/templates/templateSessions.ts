/**
 * Sequences of template ids from a parsed log, for sequence models (DeepLog): sessions keyed by an identifier in
 * the line (HDFS block ids: a line mentioning two blocks joins both sessions), or fixed time windows (BGL).
 */

export interface TemplateSession {
  /** The identifier, or the window's start time. */
  key: string;
  /** Template ids in line order. */
  ids: number[];
  /** 0-based positions of the session's lines in the input. */
  lines: number[];
}

/**
 * Sessions by identifier: every match of `pattern` in a line's text adds the line's template id to that
 * identifier's session; sessions in the order their identifier first appears; lines without one are left out.
 * @example sessionsByIdentifier(["open blk_1", "open blk_2", "close blk_1"], [0, 0, 1], /blk_-?\d+/g).map((s) => s.ids) // [[0, 1], [0]]
 */
export function sessionsByIdentifier(
  texts: readonly string[],
  ids: readonly (number | null)[],
  pattern: RegExp
): TemplateSession[] {
  const global = pattern.global ? pattern : new RegExp(pattern.source, pattern.flags + "g");
  const sessions = new Map<string, TemplateSession>();
  texts.forEach((text, i) => {
    const id = ids[i];
    if (id === null) return;
    // One line naming the same block twice counts once for it.
    for (const key of new Set(text.match(global) ?? [])) {
      let session = sessions.get(key);
      if (!session) sessions.set(key, (session = {key, ids: [], lines: []}));
      session.ids.push(id);
      session.lines.push(i);
    }
  });
  return [...sessions.values()];
}

/**
 * Sessions by fixed time windows of `seconds` (aligned to multiples of it), in time order; lines without a time
 * are left out. Empty windows make no session.
 * @example sessionsByWindow([0, 30, 70], [4, 5, 4], 60).map((s) => s.ids) // [[4, 5], [4]]
 */
export function sessionsByWindow(
  times: readonly (number | null)[],
  ids: readonly (number | null)[],
  seconds: number
): TemplateSession[] {
  if (!(seconds > 0)) throw new Error(`window must be a positive number of seconds, got ${seconds}`);
  const sessions = new Map<number, TemplateSession>();
  times.forEach((time, i) => {
    const id = ids[i];
    if (time === null || id === null || !Number.isFinite(time)) return;
    const start = Math.floor(time / seconds) * seconds;
    let session = sessions.get(start);
    if (!session) sessions.set(start, (session = {key: String(start), ids: [], lines: []}));
    session.ids.push(id);
    session.lines.push(i);
  });
  return [...sessions.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/**
 * The sessions as a DeepLog key file: one session per line, space-separated keys (template id + 1, as DeepLog's
 * keys start at 1).
 * @example keyFile([{key: "blk_1", ids: [0, 1], lines: [0, 2]}]) // "1 2\n"
 */
export function keyFile(sessions: readonly TemplateSession[]): string {
  return sessions.map((s) => s.ids.map((id) => id + 1).join(" ")).join("\n") + (sessions.length ? "\n" : "");
}
