/** Audit EventLists (`{"kind": "EventList", "items": [...]}`): what audit webhooks send and `kubectl get --raw` prints. */
import {auditEventToRow} from "./auditEvent.js";
import {addRowOrReject, type ReaderSink} from "./formatReader.js";

/** Whether a parsed JSON value says it is an EventList (`kind: "EventList"`, wherever the key sits). */
export function isEventList(value: unknown): value is {kind: "EventList"; items?: unknown} {
  return typeof value === "object" && value !== null && (value as {kind?: unknown}).kind === "EventList";
}

/**
 * Sends every item of an EventList (or of a JSON array of events) to the sink; an unusable item becomes a problem
 * `items[i]: reason` at its own line when `lines` gives one per item, else at `line`.
 * @example addEventListItems(sink, 3, list.items) // one sink.event per usable item
 */
export function addEventListItems(
  sink: ReaderSink,
  line: number,
  items: readonly unknown[],
  lines?: readonly number[]
): void {
  const perItem = lines !== undefined && lines.length === items.length;
  items.forEach((item, i) => {
    const row = auditEventToRow(item);
    addRowOrReject(sink, perItem ? lines[i] : line, typeof row === "string" ? `items[${i}]: ${row}` : row, i);
  });
}
