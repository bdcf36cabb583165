/**
 * AKS audit logs as Azure Monitor diagnostic settings stream them to Event Hubs (or a storage account): a body
 * `{"records": [...]}` whose records of category `kube-audit` / `kube-audit-admin` hold the audit Event in
 * `properties.log`, as a JSON string or an object. See https://learn.microsoft.com/azure/aks/monitor-aks-reference.
 */
import {auditEventToRow} from "./auditEvent.js";
import {addRowOrReject, type ReaderSink} from "./formatReader.js";
import {errorMessage} from "./lineProblems.js";
import type {AuditEventRow} from "./types.js";

const AUDIT_CATEGORIES = new Set(["kube-audit", "kube-audit-admin"]);

/** Whether a parsed JSON value is a diagnostic-records body (`records` is an array). */
export function isRecordsBody(value: unknown): value is {records: unknown[]} {
  return typeof value === "object" && value !== null && Array.isArray((value as {records?: unknown}).records);
}

/**
 * The audit event of one diagnostic record, or why there is none (another category, a log that is not JSON).
 * @example azureRecordToRow({category: "kube-audit", properties: {log: '{"kind":"Event","verb":"create",…}'}}) // {verb: "create", …}
 */
export function azureRecordToRow(record: unknown): AuditEventRow | string {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return "not a diagnostic record";
  const {category, properties} = record as {category?: unknown; properties?: unknown};
  if (!AUDIT_CATEGORIES.has(category as string)) {
    return `not an audit Event (AKS category ${typeof category === "string" ? JSON.stringify(category.slice(0, 40)) : String(category)})`;
  }
  const log = typeof properties === "object" && properties !== null ? (properties as {log?: unknown}).log : undefined;
  if (log === undefined) return "missing properties.log";
  if (typeof log !== "string") return auditEventToRow(log);
  let event: unknown;
  try {
    event = JSON.parse(log);
  } catch (error) {
    return `properties.log is not JSON: ${errorMessage(error)}`;
  }
  return auditEventToRow(event);
}

/**
 * Sends the audit event of every record to the sink; a record without one is a problem `records[i]: reason` with
 * its index, at its own line when `lines` gives one per record, else at `line`.
 * @example addAzureRecords(sink, 1, body.records)
 */
export function addAzureRecords(
  sink: ReaderSink,
  line: number,
  records: readonly unknown[],
  lines?: readonly number[]
): void {
  const perRecord = lines !== undefined && lines.length === records.length;
  records.forEach((record, i) => {
    const row = azureRecordToRow(record);
    addRowOrReject(sink, perRecord ? lines[i] : line, typeof row === "string" ? `records[${i}]: ${row}` : row, i);
  });
}
