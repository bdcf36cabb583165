import {actionName} from "./cleaningPolicy.js";
import {parseTimestampMs} from "./timestamp.js";
import type {AuditEventRow} from "./types.js";

/**
 * Reads one audit.k8s.io `Event` (v1, v1beta1 or v1alpha1, already JSON-parsed) into a row, or returns the reason
 * it is not usable. `kept` is true here; the ingestor applies the cleaning policy.
 * @example auditEventToRow(JSON.parse(line)) // {auditID: "a1b8…", verb: "watch", action: "watch_configmaps", …}
 */
export function auditEventToRow(value: unknown): AuditEventRow | string {
  if (!isObject(value)) return `not an audit Event (a JSON ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value})`;
  const kind = value.kind;
  if (kind !== undefined && kind !== "Event") return `not an audit Event (kind ${JSON.stringify(kind).slice(0, 60)})`;
  const apiVersion = value.apiVersion;
  if (typeof apiVersion === "string" && !apiVersion.startsWith("audit.k8s.io/")) {
    return `not an audit Event (apiVersion ${JSON.stringify(apiVersion).slice(0, 60)})`;
  }
  const verb = text(value.verb);
  if (verb === null) return value.verb === undefined ? "missing verb" : "verb is not a non-empty string";
  if (value.auditID !== undefined && typeof value.auditID !== "string") return "auditID is not a string";

  const objectRef = isObject(value.objectRef) ? value.objectRef : {};
  const user = isObject(value.user) ? value.user : {};
  const responseStatus = isObject(value.responseStatus) ? value.responseStatus : {};
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const sourceIPs = Array.isArray(value.sourceIPs) ? value.sourceIPs : [];
  const resource = text(objectRef.resource);
  // v1 has requestReceivedTimestamp; v1alpha1/v1beta1 events also carry `timestamp` (and ObjectMeta).
  const time =
    parseTimestampMs(value.requestReceivedTimestamp) ??
    parseTimestampMs(value.timestamp) ??
    parseTimestampMs(value.stageTimestamp) ??
    parseTimestampMs(metadata.creationTimestamp);
  const code = responseStatus.code;
  return {
    auditID: text(value.auditID) ?? "",
    stage: text(value.stage),
    time,
    verb,
    resource,
    subresource: text(objectRef.subresource),
    namespace: text(objectRef.namespace),
    name: text(objectRef.name),
    apiGroup: typeof objectRef.apiGroup === "string" ? objectRef.apiGroup : value.objectRef === undefined ? null : resource === null ? null : "",
    user: text(user.username),
    userAgent: text(value.userAgent),
    sourceIP: text(sourceIPs[0]),
    code: typeof code === "number" && Number.isInteger(code) && Math.abs(code) < 2 ** 31 ? code : null,
    action: actionName(verb, resource),
    kept: true
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string, or null. */
function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
