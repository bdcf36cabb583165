import assert from "node:assert/strict";
import {test} from "node:test";
import {resolvePolicy} from "../src/lib/ingest/cleaningPolicy.js";
import {readWebhookBatch, webhookPolicy} from "../src/lib/live/webhookBatch.js";

const event = (verb: string, resource: string, extra: Record<string, unknown> = {}) => ({
  kind: "Event",
  apiVersion: "audit.k8s.io/v1",
  level: "Metadata",
  auditID: `${verb}-${resource}`,
  stage: "ResponseComplete",
  requestURI: `/api/v1/namespaces/dev/${resource}/x`,
  verb,
  user: {username: "alice"},
  objectRef: {resource, namespace: "dev", name: "x", apiVersion: "v1"},
  responseStatus: {code: 200},
  ...extra
});
const body = (...items: unknown[]) => JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items});

test("readWebhookBatch(body) names actions and verdicts by the PerfSPEC policy by default", () => {
  const [exec, read] = readWebhookBatch(
    body(
      event("create", "pods", {objectRef: {resource: "pods", subresource: "exec", namespace: "dev", name: "x"}}),
      event("get", "secrets")
    )
  ).accepted;
  assert.deepEqual([exec.row.action, exec.row.kept, read.row.kept], ["create_pods", true, false]);
});

test("readWebhookBatch(body, security) names subresources, keeps secret reads and credits the impersonated user", () => {
  const security = webhookPolicy(resolvePolicy({preset: "security"}));
  const [exec, read, as] = readWebhookBatch(
    body(
      event("create", "pods", {objectRef: {resource: "pods", subresource: "exec", namespace: "dev", name: "x"}}),
      event("get", "secrets"),
      event("delete", "pods", {impersonatedUser: {username: "bob"}})
    ),
    security
  ).accepted;
  assert.deepEqual([exec.row.action, exec.row.kept], ["create_pods/exec", true]);
  assert.deepEqual([read.row.action, read.row.kept], ["get_secrets", true]);
  assert.deepEqual([as.row.user, as.row.impersonator], ["bob", "alice"]);
});
