import assert from "node:assert/strict";
import {test} from "node:test";
import {
  PERFSPEC_POLICY,
  SECURITY_POLICY,
  actionName,
  policyDifferences,
  policyFilter,
  policyLabel,
  resolvePolicy
} from "../src/lib/ingest/cleaningPolicy.js";
import {ingestText} from "../src/lib/ingest/ingestor.js";
import {modelPolicy} from "../src/lib/learn/artifact.js";

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    stage: "ResponseComplete",
    ...fields
  });
const ref = (resource: string, subresource?: string, namespace = "web") => ({
  objectRef: {resource, ...(subresource ? {subresource} : {}), namespace, name: "x"}
});
const user = (username: string) => ({user: {username}});

test("resolvePolicy({preset}) starts from the named preset; perfspec is the default and stays JSON-serialisable", () => {
  assert.deepEqual(resolvePolicy(), PERFSPEC_POLICY);
  assert.deepEqual(resolvePolicy({preset: "security"}), SECURITY_POLICY);
  assert.deepEqual(JSON.parse(JSON.stringify(resolvePolicy({preset: "security"}))), SECURITY_POLICY);
  assert.deepEqual(resolvePolicy({preset: "security", deniedCodes: []}).keepReadsOf, SECURITY_POLICY.keepReadsOf);
  assert.deepEqual(SECURITY_POLICY.dropVerbs, ["get", "list", "watch"]);
  assert.deepEqual(SECURITY_POLICY.keepReadsOf, [
    "secrets",
    "configmaps",
    "serviceaccounts/token",
    "pods/log",
    "nodes/proxy"
  ]);
});

test("resolvePolicy(bad field) throws an error naming the field", () => {
  assert.throws(
    () => resolvePolicy({preset: "secure" as never}),
    /preset must be one of perfspec, security, not "secure"/
  );
  assert.throws(() => resolvePolicy({keepReadsOf: "secrets" as never}), /keepReadsOf must be a list of strings/);
  assert.throws(() => resolvePolicy({keepReadsOf: ["pods/log/x"]}), /keepReadsOf entries are .* not "pods\/log\/x"/);
  assert.throws(
    () => resolvePolicy({subresourceInAction: "yes" as never}),
    /subresourceInAction must be true or false/
  );
  assert.throws(
    () => resolvePolicy({deniedCodes: ["4xx"] as never}),
    /deniedCodes must be a list of HTTP status codes/
  );
  assert.throws(() => resolvePolicy({deniedCodes: [1000]}), /deniedCodes/);
  assert.throws(() => resolvePolicy({actor: "impersonator" as never}), /actor must be "user" or "impersonatedUser"/);
});

test("policyLabel(policy) names the preset and the fields changed from it; policyDifferences lists fields", () => {
  assert.equal(policyLabel(resolvePolicy({preset: "security"})), "security");
  assert.equal(
    policyLabel(resolvePolicy({dropVerbs: ["watch"], order: "requestReceived"})),
    "perfspec, with dropVerbs, order changed"
  );
  assert.equal(policyLabel(null), "perfspec");
  assert.deepEqual(policyDifferences(PERFSPEC_POLICY, SECURITY_POLICY), [
    "preset",
    "keepReadsOf",
    "subresourceInAction",
    "deniedCodes",
    "actor"
  ]);
  // A report.json written before presets existed holds the five old fields: it reads as perfspec.
  const old = {
    dropVerbs: ["get", "list", "watch"],
    keepVerbs: null,
    dropResources: ["events", "leases", "replicationcontrollers"],
    dedupeByAuditID: true,
    order: "file" as const
  };
  assert.deepEqual(policyDifferences(old, PERFSPEC_POLICY), []);
});

test("actionName(verb, resource, subresource, denied) appends /subresource and :denied", () => {
  assert.equal(actionName("create", "pods"), "create_pods");
  assert.equal(actionName("create", "pods", "exec"), "create_pods/exec");
  assert.equal(actionName("list", "secrets", null, true), "list_secrets:denied");
  assert.equal(actionName("get", null, null, true), "get_:denied");
});

test("policyFilter(security) keeps sensitive reads, by resource or resource/subresource, and drops other reads", () => {
  const filter = policyFilter(SECURITY_POLICY);
  assert.equal(filter.dropReason("get", "secrets"), null);
  assert.equal(filter.dropReason("watch", "configmaps"), null);
  assert.equal(filter.dropReason("get", "pods", "log"), null);
  assert.equal(filter.dropReason("get", "nodes", "proxy"), null);
  assert.equal(filter.dropReason("get", "pods"), "verb get");
  assert.equal(filter.dropReason("get", "pods", "status"), "verb get");
  assert.equal(filter.dropReason("list", "serviceaccounts"), "verb list");
  assert.equal(filter.dropReason("update", "leases"), "resource leases");
  assert.deepEqual(
    [filter.denied(403), filter.denied(401), filter.denied(404), filter.denied(409), filter.denied(null)],
    [true, true, false, false, false]
  );
  assert.equal(policyFilter(PERFSPEC_POLICY).dropReason("get", "secrets"), "verb get");
});

test("ingestText(log, {policy: security}) names subresources, marks denials, credits the impersonated user", () => {
  const log = [
    line({auditID: "1", verb: "create", ...user("admin"), ...ref("pods", "exec"), responseStatus: {code: 101}}),
    line({auditID: "2", verb: "create", ...user("admin"), ...ref("serviceaccounts", "token")}),
    line({auditID: "3", verb: "update", ...user("system:kcm"), ...ref("deployments", "status")}),
    line({auditID: "4", verb: "update", ...user("ci"), ...ref("certificatesigningrequests", "approval", "")}),
    line({auditID: "5", verb: "get", ...user("ops"), ...ref("nodes", "proxy", "")}),
    line({auditID: "6", verb: "get", ...user("ops"), ...ref("pods", "log")}),
    line({auditID: "7", verb: "list", ...user("system:anonymous"), ...ref("secrets"), responseStatus: {code: 403}}),
    line({auditID: "8", verb: "delete", ...user("helm"), ...ref("configmaps"), responseStatus: {code: 404}}),
    line({auditID: "9", verb: "get", ...user("ops"), ...ref("pods")}),
    line({
      auditID: "10",
      verb: "patch",
      ...user("admin"),
      impersonatedUser: {username: "system:serviceaccount:web:deployer"},
      ...ref("deployments")
    }),
    // RequestReceived has no code; the later stage's 403 marks the action of the first.
    line({auditID: "11", stage: "RequestReceived", verb: "create", ...user("dev"), ...ref("pods")}),
    line({auditID: "11", verb: "create", ...user("dev"), ...ref("pods"), responseStatus: {code: 403}})
  ].join("\n");
  const security = ingestText(log, "log", {policy: {preset: "security"}});
  assert.deepEqual(
    security.actions.map((a) => a.action),
    [
      "create_pods/exec",
      "create_serviceaccounts/token",
      "update_deployments/status",
      "update_certificatesigningrequests/approval",
      "get_nodes/proxy",
      "get_pods/log",
      "list_secrets:denied",
      "delete_configmaps",
      "patch_deployments",
      "create_pods:denied"
    ]
  );
  const impersonated = security.events.find((e) => e.auditID === "10");
  assert.deepEqual([impersonated?.user, impersonated?.impersonator], ["system:serviceaccount:web:deployer", "admin"]);
  assert.equal(security.actions[8].user, "system:serviceaccount:web:deployer");
  assert.deepEqual(security.events.find((e) => e.auditID === "7")?.code, 403);
  assert.deepEqual(security.report.dropped, {"verb get": 1});
  assert.equal(security.report.policy.preset, "security");

  const perfspec = ingestText(log, "log");
  assert.deepEqual(
    perfspec.actions.map((a) => a.action),
    [
      "create_pods",
      "create_serviceaccounts",
      "update_deployments",
      "update_certificatesigningrequests",
      "delete_configmaps",
      "patch_deployments",
      "create_pods"
    ]
  );
  const asUser = perfspec.events.find((e) => e.auditID === "10");
  assert.deepEqual([asUser?.user, asUser?.impersonator], ["admin", null]);
});

test("a policy file's single field changes only that behaviour of the perfspec default", () => {
  const log = [
    line({auditID: "1", verb: "create", ...user("a"), ...ref("pods", "exec")}),
    line({auditID: "2", verb: "list", ...user("a"), ...ref("secrets"), responseStatus: {code: 403}})
  ].join("\n");
  const names = (policy: object) => ingestText(log, "log", {policy}).actions.map((a) => a.action);
  assert.deepEqual(names({subresourceInAction: true}), ["create_pods/exec"]);
  assert.deepEqual(names({keepReadsOf: ["secrets"]}), ["create_pods", "list_secrets"]);
  assert.deepEqual(names({keepReadsOf: ["secrets"], deniedCodes: [403]}), ["create_pods", "list_secrets:denied"]);
});

test("modelPolicy(config) reads data.policy; a model from before policies were recorded reads as perfspec", () => {
  assert.deepEqual(modelPolicy({data: {source: ["x"]}}), PERFSPEC_POLICY);
  assert.equal(modelPolicy({data: {source: ["x"], policy: null}}), null);
  assert.equal(modelPolicy({data: {source: ["x"], policy: SECURITY_POLICY}})?.preset, "security");
});
