/**
 * Sessions: how the action stream is cut into sequences before windows are built.
 * - "global": one sequence, the whole stream in order (PerfSPEC's way);
 * - "user": one sequence per user (records with no user form one "(none)" group);
 * - "namespace": one sequence per namespace (records with no namespace form one "(none)" group).
 * Order inside a session is the order of the records (ingestion already sorts by time).
 */
import type {ActionRecord} from "../ingest/types.js";

export type SessionMode = "global" | "user" | "namespace";
export const SESSION_MODES: readonly SessionMode[] = ["global", "user", "namespace"];
/** Key of the group that collects records with a null user/namespace. */
export const NO_GROUP = "(none)";

export interface Session {
  /** "all" for the global mode, else the user or namespace (or NO_GROUP). */
  key: string;
  actions: string[];
  /** Time of each action (epoch ms) or null. */
  times: (number | null)[];
  /** User and namespace of each action (for the context model: windowAttributes.ts). */
  users?: (string | null)[];
  namespaces?: (string | null)[];
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
    const key = mode === "global" ? "all" : ((mode === "user" ? r.user : r.namespace) ?? NO_GROUP);
    let s = sessions.get(key);
    if (!s) sessions.set(key, (s = {key, actions: [], times: [], users: [], namespaces: []}));
    s.actions.push(r.action);
    s.times.push(r.time);
    s.users!.push(r.user);
    s.namespaces!.push(r.namespace);
  }
  return [...sessions.values()];
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

/**
 * ActionRecords of the rows of an actions table (data/prepared/actions.arrow), times in epoch milliseconds.
 * @example recordsFromRows([{action: "get_pods", time: 1674800000000n}]) // [{action: "get_pods", time: 1674800000000, user: null, namespace: null}]
 */
export function recordsFromRows(rows: Iterable<ActionTableRow>): ActionRecord[] {
  return Array.from(rows, (d) => ({
    action: d.action,
    time: d.time == null ? null : Number(d.time),
    user: d.user ?? null,
    namespace: d.namespace ?? null
  }));
}
