/**
 * The filters of the action distribution page: the action sequence as table rows (verb and resource split out,
 * times as dates), the choices each filter offers, and the rows a choice of filters keeps.
 */
import {actionParts} from "./actionParts.js";
import {countBy} from "./countBy.js";
import {NO_GROUP, recordsFromRows, type ActionColumns, type ActionTableRow} from "./learn/sequences.js";

/** The choice that keeps every value of a filter. */
export const ALL = "(all)";

export interface ActionRow {
  /** Position in the action sequence. */
  index: number;
  action: string;
  verb: string;
  resource: string;
  time: Date | null;
  /** The user, or "(none)". */
  user: string;
  /** The namespace, or "(none)". */
  namespace: string;
}

export type FilterKey = "verb" | "resource" | "namespace" | "user";

export interface ActionFilters extends Record<FilterKey, string> {
  /** Seconds after the first timestamp, inclusive. */
  from: number;
  to: number;
}

/** Where the timestamps start (epoch ms) and how many whole seconds they span (0 without timestamps). */
export interface TimeSpan {
  t0: number;
  span: number;
}

/**
 * The table rows of an action sequence (data/prepared/actions.arrow, read column by column, or plain rows).
 * @example actionRows([{action: "get_pods", user: null}])[0] // {index: 0, action: "get_pods", verb: "get", resource: "pods", time: null, user: "(none)", namespace: "(none)"}
 */
export function actionRows(rows: Iterable<ActionTableRow> | ActionColumns): ActionRow[] {
  return recordsFromRows(rows).map((r, index) => ({
    index,
    action: r.action,
    ...actionParts(r.action),
    time: r.time === null ? null : new Date(r.time),
    user: r.user ?? NO_GROUP,
    namespace: r.namespace ?? NO_GROUP
  }));
}

/** @example filterChoices(rows, "verb") // ["(all)", "get", "create", ...] (most frequent first) */
export function filterChoices(rows: readonly ActionRow[], key: FilterKey): string[] {
  return [ALL, ...countBy(rows, (d) => d[key]).map((d) => d.key)];
}

/** @example timeSpan(rows) // {t0: 1674800000000, span: 312} */
export function timeSpan(rows: readonly ActionRow[]): TimeSpan {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const {time} of rows) {
    const t = time === null ? NaN : +time;
    if (Number.isNaN(t)) continue;
    t0 = Math.min(t0, t);
    t1 = Math.max(t1, t);
  }
  return t0 === Infinity ? {t0: 0, span: 0} : {t0, span: Math.ceil((t1 - t0) / 1000)};
}

/**
 * The rows that every filter keeps; the time window applies only when there is a span, and rows without a
 * timestamp pass it.
 * @example filterActions(rows, {verb: "get", resource: ALL, namespace: ALL, user: ALL, from: 0, to: 60}, timeSpan(rows))
 */
export function filterActions(rows: readonly ActionRow[], filters: ActionFilters, {t0, span}: TimeSpan): ActionRow[] {
  const keys: FilterKey[] = ["verb", "resource", "namespace", "user"];
  return rows.filter((d) => {
    if (keys.some((key) => filters[key] !== ALL && d[key] !== filters[key])) return false;
    if (!span || d.time === null) return true;
    const seconds = (+d.time - t0) / 1000;
    return seconds >= filters.from && seconds <= filters.to;
  });
}
