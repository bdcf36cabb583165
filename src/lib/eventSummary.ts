/**
 * How many unique events a prepared log holds and when they start and end: what the Overview says about the
 * events table, computed where the table is (the data loader, or the browser for an uploaded log) so that the
 * page does not fetch and parse the whole table (1.7 MB for the embedded log) to print three numbers.
 */

export interface EventSummary {
  /** Unique events (rows of events.arrow). */
  count: number;
  /** First and last timestamp, epoch milliseconds; null when the input has no timestamps. */
  first: number | null;
  last: number | null;
}

/** An Arrow table, as far as this needs one (the library does not depend on apache-arrow's classes). */
export interface TimedTable {
  numRows: number;
  getChild(name: string): Iterable<unknown> | null;
}

/**
 * @example eventSummary(tableFromIPC(eventsIpc)) // {count: 16474, first: 1674844088129, last: 1674844400000}
 */
export function eventSummary(events: TimedTable): EventSummary {
  let first = Infinity;
  let last = -Infinity;
  // Arrow gives timestamps as numbers or BigInts depending on the unit: normalise to numbers.
  for (const value of events.getChild("time") ?? []) {
    if (value == null) continue;
    const t = Number(value);
    if (Number.isNaN(t)) continue;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return first === Infinity ? {count: events.numRows, first: null, last: null} : {count: events.numRows, first, last};
}
