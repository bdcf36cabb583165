/**
 * GKE audit logs as Google Cloud Logging writes them: one `LogEntry` per request whose `protoPayload` is a
 * `google.cloud.audit.AuditLog` (what `gcloud logging read --format=json` prints, and a Pub/Sub or storage sink
 * exports). See https://cloud.google.com/kubernetes-engine/docs/how-to/audit-logging.
 */
import {actionName} from "./cleaningPolicy.js";
import {parseTimestampMs} from "./timestamp.js";
import type {AuditEventRow} from "./types.js";

export const AUDIT_LOG_TYPE = "type.googleapis.com/google.cloud.audit.AuditLog";

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
// Subresources of a namespace object itself (namespaces/<ns>/status is not a resource called "status").
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);
/** google.rpc.Code -> the HTTP status it stands for (google/rpc/code.proto), for entries without a Status response. */
const RPC_TO_HTTP = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];

/** Whether a parsed JSON value is a Cloud Logging entry (it has a `protoPayload` object). */
export function isLogEntry(value: unknown): value is Record<string, unknown> & {protoPayload: Record<string, unknown>} {
  return isObject(value) && isObject(value.protoPayload);
}

/**
 * Reads a GKE audit LogEntry into the row a native audit Event of the same request gives, or returns why it cannot:
 * the verb, resource and subresource from `methodName` (`io.k8s.<group>.<version>.<resource>[.<subresource>].<verb>`),
 * the group, namespace and name from `resourceName` (`<group|core>/<version>[/namespaces/<ns>]/<resource>[/<name>[/<sub>]]`),
 * the user from `authenticationInfo.principalEmail`, the auditID from `operation.id` (else `insertId`), the code
 * from a Status `response` (else `status.code` as HTTP).
 * @example logEntryToRow({protoPayload: {"@type": AUDIT_LOG_TYPE, methodName: "io.k8s.core.v1.pods.exec.create", resourceName: "core/v1/namespaces/default/pods/web-0/exec"}, insertId: "a1"}) // {verb: "create", resource: "pods", subresource: "exec", action: "create_pods", …}
 */
export function logEntryToRow(entry: unknown): AuditEventRow | string {
  if (!isLogEntry(entry)) return "not a Cloud Logging entry (no protoPayload)";
  const payload = entry.protoPayload;
  const type = payload["@type"];
  if (type !== AUDIT_LOG_TYPE) return `not an audit Event (Cloud Logging payload ${describe(type)})`;
  const service = payload.serviceName;
  if (service !== undefined && service !== "k8s.io")
    return `not an audit Event (Cloud Audit Log of ${describe(service)})`;
  const method = text(payload.methodName);
  if (method === null) return "missing protoPayload.methodName";
  const parts = method.split(".");
  const k8s = parts[0] === "io" && parts[1] === "k8s";
  const verb = parts[parts.length - 1];
  let version = -1;
  for (let i = 1; i < parts.length - 2; i++) {
    if (VERSION.test(parts[i])) {
      version = i;
      break;
    }
  }
  // Any prefix before the version is accepted (the group comes from resourceName); without a version, only io.k8s.
  if (parts.length < 3 || (version === -1 && !k8s))
    return `protoPayload.methodName ${describe(method)} is not io.k8s.<group>.<version>.<resource>.<verb>`;
  const path = parseResourceName(text(payload.resourceName));
  const resource = version === -1 ? null : parts[version + 1];
  const subresource = version !== -1 && version + 2 < parts.length - 1 ? parts[version + 2] : path.subresource;
  const auth = isObject(payload.authenticationInfo) ? payload.authenticationInfo : {};
  const request = isObject(payload.requestMetadata) ? payload.requestMetadata : {};
  const operation = isObject(entry.operation) ? entry.operation : {};
  const auditID = text(operation.id) ?? text(entry.insertId) ?? "";
  return {
    auditID,
    stage: null,
    time: parseTimestampMs(entry.timestamp),
    verb,
    resource,
    subresource,
    // A created namespace's resourceName names it, but its create request (POST /api/v1/namespaces) has no namespace.
    namespace: resource === null || (resource === "namespaces" && verb === "create") ? null : path.namespace,
    name: resource === null ? null : path.name,
    apiGroup: resource === null ? null : (path.apiGroup ?? methodGroup(parts.slice(k8s ? 2 : 0, version), k8s)),
    user: text(auth.principalEmail),
    userAgent: text(request.callerSuppliedUserAgent),
    sourceIP: text(request.callerIp),
    code: statusCode(payload),
    action: actionName(verb, resource),
    kept: true,
    // No request URI: a reused auditID is told apart by the verb alone (and stages match a native log's events).
    requestURI: null
  };
}

interface ResourcePath {
  apiGroup: string | null;
  namespace: string | null;
  name: string | null;
  subresource: string | null;
}

/**
 * Splits a resourceName the way the API server splits a request path.
 * @example parseResourceName("apps/v1/namespaces/web/deployments/front") // {apiGroup: "apps", namespace: "web", name: "front", subresource: null}
 */
export function parseResourceName(resourceName: string | null): ResourcePath {
  const none: ResourcePath = {apiGroup: null, namespace: null, name: null, subresource: null};
  if (resourceName === null) return none;
  const parts = resourceName.split("/");
  if (parts.length < 3) return none;
  let rest = parts.slice(2);
  let namespace: string | null = null;
  if (rest[0] === "namespaces" && rest.length >= 2) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  return {
    apiGroup: parts[0] === "core" ? "" : parts[0],
    namespace,
    name: rest[1] ?? null,
    subresource: rest[2] ?? null
  };
}

/**
 * The group from methodName's reversed form when there is no resourceName: after io.k8s, "authorization.rbac" ->
 * "rbac.authorization.k8s.io" ("apps" stays "apps"); any other prefix is the whole reversed domain.
 */
function methodGroup(parts: string[], k8s: boolean): string {
  if (parts.length === 0 || (k8s && parts.length === 1 && parts[0] === "core")) return "";
  if (k8s && parts.length === 1) return parts[0];
  return [...parts].reverse().join(".") + (k8s ? ".k8s.io" : "");
}

/** The HTTP code: a failed request's Status response carries it; otherwise status.code (google.rpc.Code, 0 when omitted). */
function statusCode(payload: Record<string, unknown>): number | null {
  const response = payload.response;
  if (isObject(response) && typeof response.code === "number" && /Status$/.test(String(response["@type"] ?? "Status")))
    return Number.isInteger(response.code) ? response.code : null;
  if (!isObject(payload.status)) return null;
  const code = payload.status.code ?? 0;
  return typeof code === "number" && Number.isInteger(code) && code >= 0 && code < RPC_TO_HTTP.length
    ? RPC_TO_HTTP[code]
    : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 60)) : String(value).slice(0, 60);
}
