import {actionName} from "./cleaningPolicy.js";
import {parseRequestUri} from "./requestUri.js";
import {parseTimestampMs} from "./timestamp.js";
import type {AuditEventRow} from "./types.js";

/** The 15 columns of the PerfSPEC dataset's Logstash CSV (no header row), in order. */
export const LOGSTASH_COLUMNS = [
  "host",
  "requestReceivedTimestamp",
  "user.username",
  "verb",
  "objectRef.resource",
  "objectRef.subresource",
  "objectRef.name",
  "responseObject.metadata.name",
  "requestURI",
  "auditID",
  "stage",
  "responseStatus.code",
  "responseObject.metadata.uid",
  "responseObject.metadata.ownerReferences[0].uid",
  "responseObject.details.uid"
] as const;

/**
 * Turns one parsed CSV record (15 strings) into a row, or returns the reason it is not usable.
 * Namespace and API group are not columns; they are read from requestURI.
 * @example logstashRecordToRow(record) // {verb: "watch", resource: "configmaps", namespace: "kube-flannel", …}
 */
export function logstashRecordToRow(record: readonly string[]): AuditEventRow | string {
  if (record.length !== LOGSTASH_COLUMNS.length) {
    return `expected ${LOGSTASH_COLUMNS.length} CSV columns, found ${record.length}${record.length < LOGSTASH_COLUMNS.length ? " (truncated line?)" : ""}`;
  }
  const col = (i: number): string | null => (record[i] === "" ? null : record[i]);
  const verb = col(3);
  if (verb === null) return "missing verb";
  const resource = col(4);
  const uri = parseRequestUri(col(8));
  const code = col(11) === null ? null : Number(col(11));
  return {
    auditID: record[9],
    stage: col(10),
    time: parseTimestampMs(record[1]),
    verb,
    resource,
    subresource: col(5),
    namespace: resource === null ? null : uri.namespace,
    name: col(6) ?? col(7),
    apiGroup: resource === null ? null : uri.apiGroup,
    user: col(2),
    userAgent: null,
    sourceIP: null,
    code: code !== null && Number.isInteger(code) && Math.abs(code) < 2 ** 31 ? code : null,
    action: actionName(verb, resource),
    kept: true,
    requestURI: col(8)
  };
}
