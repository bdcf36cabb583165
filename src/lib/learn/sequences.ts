/**
 * Sessions: how the action stream is cut into sequences before windows are built.
 * - "global": one sequence, the whole stream in order (PerfSPEC's way);
 * - "user": one sequence per user (records with no user form one "(none)" group);
 * - "namespace": one sequence per namespace (records with no namespace form one "(none)" group);
 * - "user-namespace": one sequence per (user, namespace) pair, keyed "user @ namespace" like the detector's
 *   sessions: one actor's work in one place, which separates a controller's loops per namespace.
 * Order inside a session is the order of the records (ingestion already sorts by time).
 */
import type {ActionRecord} from "../ingest/types.js";

export type SessionMode = "global" | "user" | "namespace" | "user-namespace";
export const SESSION_MODES: readonly SessionMode[] = ["global", "user", "namespace", "user-namespace"];
/** Key of the group that collects records with a null user/namespace. */
export const NO_GROUP = "(none)";

export interface Session {
  /** "all" for the global mode, else the user or namespace (or NO_GROUP), or "user @ namespace". */
  key: string;
  actions: string[];
  /** Time of each action (epoch ms) or null. */
  times: (number | null)[];
  /** User and namespace of each action (for the context model: windowAttributes.ts). */
  users?: (string | null)[];
  namespaces?: (string | null)[];
  /** The user all the session's records share, else null (e.g. a namespace session of several users). */
  user?: string | null;
  /** The namespace all the session's records share, else null. */
  namespace?: string | null;
}

/**
 * Sessions of `records` in first-appearance order of their keys.
 * @example buildSessions(records, "user").map((s) => [s.key, s.actions.length])
 */
export function buildSessions(records: readonly ActionRecord[], mode: SessionMode): Session[] {
  if (!SESSION_MODES.includes(mode))
    throw new Error(`unknown session mode "${mode}" (expected ${SESSION_MODES.join(", ")})`);
  const sessions = new Map<string, Session>();
  for (const r of records) {
    const key = sessionKeyOf(r, mode);
    let s = sessions.get(key);
    if (!s)
      sessions.set(
        key,
        (s = {key, actions: [], times: [], users: [], namespaces: [], user: r.user, namespace: r.namespace})
      );
    if (s.user !== r.user) s.user = null;
    if (s.namespace !== r.namespace) s.namespace = null;
    s.actions.push(r.action);
    s.times.push(r.time);
    s.users!.push(r.user);
    s.namespaces!.push(r.namespace);
  }
  return [...sessions.values()];
}

/**
 * The session a record belongs to under `mode`.
 * @example sessionKeyOf({action: "get_pods", time: null, user: "alice", namespace: null}, "user-namespace") // "alice @ (none)"
 */
export function sessionKeyOf(record: Pick<ActionRecord, "user" | "namespace">, mode: SessionMode): string {
  switch (mode) {
    case "global":
      return "all";
    case "user":
      return record.user ?? NO_GROUP;
    case "namespace":
      return record.namespace ?? NO_GROUP;
    case "user-namespace":
      return `${record.user ?? NO_GROUP} @ ${record.namespace ?? NO_GROUP}`;
  }
}

/** ActionRecords of a plain action list (no time, user or namespace), e.g. events-dataset.txt. */
export function recordsFromActions(actions: readonly string[]): ActionRecord[] {
  return actions.map((action) => ({action, time: null, user: null, namespace: null}));
}

/** A row of an actions table (Arrow gives times as numbers or BigInts, and may lack a column). */
export interface ActionTableRow {
  action: string;
  time?: number | bigint | null;
  user?: string | null;
  namespace?: string | null;
}

/** An Arrow table, as far as recordsFromRows needs one: its columns by name (no dependency on apache-arrow). */
export interface ActionColumns extends Iterable<ActionTableRow> {
  numRows: number;
  getChild(
    name: string
  ): {nullCount: number; toArray(): ArrayLike<unknown>; [Symbol.iterator](): Iterator<unknown>} | null;
}

/**
 * ActionRecords of the rows of an actions table (data/prepared/actions.arrow), times in epoch milliseconds.
 * @example recordsFromRows([{action: "get_pods", time: 1674800000000n}]) // [{action: "get_pods", time: 1674800000000, user: null, namespace: null}]
 */
export function recordsFromRows(rows: Iterable<ActionTableRow> | ActionColumns): ActionRecord[] {
  if ("getChild" in rows) return recordsFromColumns(rows);
  return Array.from(rows, (d) => ({
    action: d.action,
    time: d.time == null ? null : Number(d.time),
    user: d.user ?? null,
    namespace: d.namespace ?? null
  }));
}

/**
 * An Arrow table read column by column: about five times faster than its row proxies (each row access looks up
 * every field), which costs a data page a tenth of a second on a slow laptop.
 */
function recordsFromColumns(table: ActionColumns): ActionRecord[] {
  const strings = (name: string): (string | null)[] => {
    const column = table.getChild(name);
    if (!column) return new Array(table.numRows).fill(null);
    // toArray() decodes a dictionary column at once but has no nulls; iteration gives them.
    return Array.from(column.nullCount ? column : column.toArray(), (v) => (v == null ? null : String(v)));
  };
  const actions = strings("action");
  const users = strings("user");
  const namespaces = strings("namespace");
  // Iterated, not toArray(): values in milliseconds whatever the timestamp's unit, and nulls kept.
  const timeColumn = table.getChild("time");
  const times = timeColumn ? Array.from(timeColumn, (t) => (t == null ? null : Number(t))) : [];
  return actions.map((action, i) => ({
    action: action as string,
    time: times[i] ?? null,
    user: users[i],
    namespace: namespaces[i]
  }));
}
