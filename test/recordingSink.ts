/** A ReaderSink that records every call, for the format reader tests. */
import type {ReaderSink} from "../src/lib/ingest/formatReader.js";
import type {AuditEventRow} from "../src/lib/ingest/types.js";

export type SinkCall = ["event", Partial<AuditEventRow>] | ["action", string] | ["reject", number, string];

/** Records events as the given fields only (a copy: readers may reuse the row). */
export function recordingSink(fields: readonly (keyof AuditEventRow)[] = ["auditID", "action"]): {
  sink: ReaderSink;
  calls: SinkCall[];
  rows: AuditEventRow[];
} {
  const calls: SinkCall[] = [];
  const rows: AuditEventRow[] = [];
  const sink: ReaderSink = {
    event(row) {
      rows.push(row);
      calls.push(["event", Object.fromEntries(fields.map((f) => [f, row[f]])) as Partial<AuditEventRow>]);
    },
    action: (name) => calls.push(["action", name]),
    reject: (line, reason) => calls.push(["reject", line, reason])
  };
  return {sink, calls, rows};
}
