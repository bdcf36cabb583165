/**
 * Any parsed JSON value that may hold audit events: an Event, an EventList or array of them, a GKE Cloud Logging
 * entry (or an array of them, as gcloud prints), or an AKS diagnostic-records body. Used by the readers of every
 * shape but plain audit JSON lines, which keep their own faster path (jsonLinesReader.ts).
 */
import {auditEventToRow} from "./auditEvent.js";
import {addAzureRecords, isRecordsBody} from "./azureRecords.js";
import {isEventList} from "./eventList.js";
import {addRowOrReject, type ReaderSink} from "./formatReader.js";
import {isLogEntry, logEntryToRow} from "./gkeLogEntry.js";
import type {AuditEventRow} from "./types.js";

/**
 * Sends the events a value holds to the sink; `itemLines` are the start lines of the objects of its list (an
 * EventList's items, a body's records) when the value spans lines.
 * @example addJsonValue(sink, 1, JSON.parse('{"records":[{"category":"kube-audit","properties":{"log":"{…}"}}]}'))
 */
export function addJsonValue(sink: ReaderSink, line: number, value: unknown, itemLines?: readonly number[]): void {
  if (Array.isArray(value) || isEventList(value)) {
    const items = Array.isArray(value) ? value : value.items;
    if (!Array.isArray(items)) return sink.reject(line, "EventList without an items array");
    const perItem = itemLines !== undefined && itemLines.length === items.length;
    items.forEach((item, i) => {
      const row = valueToRow(item);
      addRowOrReject(sink, perItem ? itemLines[i] : line, typeof row === "string" ? `items[${i}]: ${row}` : row, i);
    });
    return;
  }
  if (isRecordsBody(value)) return addAzureRecords(sink, line, value.records, itemLines);
  addRowOrReject(sink, line, valueToRow(value));
}

/** One event: a GKE LogEntry or an audit Event. */
function valueToRow(value: unknown): AuditEventRow | string {
  return isLogEntry(value) ? logEntryToRow(value) : auditEventToRow(value);
}
