import {actionName} from "./cleaningPolicy.js";
import {parseTimestampMs} from "./timestamp.js";
import type {AuditEventRow} from "./types.js";

/**
 * Reads one audit.k8s.io `Event` (v1, v1beta1 or v1alpha1, already JSON-parsed) into a row, or returns the reason
 * it is not usable. `kept` is true here; the ingestor applies the cleaning policy.
 * @example auditEventToRow(JSON.parse(line)) // {auditID: "a1b8…", verb: "watch", action: "watch_configmaps", …}
 */
export function auditEventToRow(value: unknown): AuditEventRow | string {
  const row = emptyRow();
  const reason = readAuditEvent(value, row);
  if (reason !== null) return reason;
  row.action = actionName(row.verb, row.resource);
  return row;
}

/** A row to be filled by readAuditEvent (the ingestor reuses one for every event). */
export function emptyRow(): AuditEventRow {
  return {
    auditID: "",
    stage: null,
    time: null,
    verb: "",
    resource: null,
    subresource: null,
    namespace: null,
    name: null,
    apiGroup: null,
    user: null,
    impersonator: null,
    impersonatedUser: null,
    userAgent: null,
    sourceIP: null,
    code: null,
    action: "",
    kept: true,
    requestURI: null
  };
}

const NONE: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * Like auditEventToRow, but writes every field except `action` into `row` (no allocation); returns the reason the
 * value is not usable, or null.
 */
export function readAuditEvent(value: unknown, row: AuditEventRow): string | null {
  if (!isObject(value))
    return `not an audit Event (a JSON ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value})`;
  const kind = value.kind;
  if (kind !== undefined && kind !== "Event") return `not an audit Event (kind ${describe(kind)})`;
  const apiVersion = value.apiVersion;
  if (typeof apiVersion === "string" && !apiVersion.startsWith("audit.k8s.io/")) {
    return `not an audit Event (apiVersion ${describe(apiVersion)})`;
  }
  const verb = text(value.verb);
  if (verb === null) return value.verb === undefined ? missingVerb(value) : "verb is not a non-empty string";
  const auditID = value.auditID;
  if (auditID !== undefined && typeof auditID !== "string") return "auditID is not a string";

  const ref = value.objectRef;
  const objectRef = isObject(ref) ? ref : NONE;
  const user = isObject(value.user) ? value.user : NONE;
  const impersonated = value.impersonatedUser;
  const responseStatus = isObject(value.responseStatus) ? value.responseStatus : NONE;
  const sourceIPs = value.sourceIPs;
  const resource = text(objectRef.resource);
  // v1 has requestReceivedTimestamp; v1alpha1/v1beta1 events also carry `timestamp` (and ObjectMeta).
  let time = parseTimestampMs(value.requestReceivedTimestamp);
  if (time === null) {
    const metadata = isObject(value.metadata) ? value.metadata : NONE;
    time =
      parseTimestampMs(value.timestamp) ??
      parseTimestampMs(value.stageTimestamp) ??
      parseTimestampMs(metadata.creationTimestamp);
  }
  const code = responseStatus.code;
  row.auditID = auditID === undefined ? "" : auditID;
  row.stage = text(value.stage);
  row.time = time;
  row.verb = verb;
  row.resource = resource;
  row.subresource = text(objectRef.subresource);
  row.namespace = text(objectRef.namespace);
  row.name = text(objectRef.name);
  row.apiGroup = apiGroupOf(objectRef, resource);
  row.user = text(user.username);
  row.impersonator = null;
  row.impersonatedUser = isObject(impersonated) ? text(impersonated.username) : null;
  row.userAgent = text(value.userAgent);
  row.sourceIP = Array.isArray(sourceIPs) ? text(sourceIPs[0]) : null;
  row.code = typeof code === "number" && Number.isInteger(code) && Math.abs(code) < 2 ** 31 ? code : null;
  row.kept = true;
  row.requestURI = typeof value.requestURI === "string" ? value.requestURI : null;
  return null;
}

/**
 * objectRef.apiGroup; v1alpha1 events have none and carry the group in objectRef.apiVersion ("group/version", or
 * "v1" for the core group ""), as do core-group objects of later versions (read as "").
 */
function apiGroupOf(objectRef: Record<string, unknown>, resource: string | null): string | null {
  const apiGroup = objectRef.apiGroup;
  if (typeof apiGroup === "string") return apiGroup;
  if (resource === null) return null;
  const apiVersion = objectRef.apiVersion;
  const slash = typeof apiVersion === "string" ? apiVersion.indexOf("/") : -1;
  return slash > 0 ? (apiVersion as string).slice(0, slash) : "";
}

/** "missing verb" for something that looks like an Event; for an object that names nothing of one, what it holds. */
function missingVerb(value: Record<string, unknown>): string {
  if (value.kind !== undefined || value.apiVersion !== undefined || "auditID" in value || "objectRef" in value)
    return "missing verb";
  const keys = Object.keys(value);
  if (keys.length === 0) return "missing verb";
  return `not an audit Event (keys ${printable(keys.slice(0, 4).join(", ") + (keys.length > 4 ? ", …" : ""))})`;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e…]/g, "?").slice(0, 80);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string, or null. */
function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** A short description of a JSON value for a problem message (never serialises a deep or huge value). */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 60)).slice(0, 60);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "(an array)" : "(an object)";
}
