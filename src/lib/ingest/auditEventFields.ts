/** The fields of an audit Event that readAuditEvent reads: what the JSON-lines scanner keeps of each line. */
import type {FieldTree} from "./jsonProjection.js";

/**
 * Every path readAuditEvent (auditEvent.ts) reads, and how the scanner keeps it (`shared` for values that repeat
 * across events, `value` for per-event ones). A field read there but missing here would be read as absent on the
 * fast path: test/jsonProjection.test.ts checks that readAuditEvent touches nothing else.
 * @example new JsonProjector(AUDIT_EVENT_FIELDS).project(line) // {kind: "Event", verb: "get", objectRef: {…}, …}
 */
export const AUDIT_EVENT_FIELDS: FieldTree = {
  kind: "shared",
  apiVersion: "shared",
  auditID: "value",
  stage: "shared",
  verb: "shared",
  requestReceivedTimestamp: "value",
  timestamp: "value",
  stageTimestamp: "value",
  metadata: {creationTimestamp: "value"},
  objectRef: {
    resource: "shared",
    subresource: "shared",
    namespace: "shared",
    name: "shared",
    apiGroup: "shared",
    apiVersion: "shared"
  },
  user: {username: "shared"},
  impersonatedUser: {username: "shared"},
  userAgent: "shared",
  sourceIPs: ["shared"],
  responseStatus: {code: "value"}
};
