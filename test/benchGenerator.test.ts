import assert from "node:assert/strict";
import {test} from "node:test";
import {fitAuditLogModel} from "../src/lib/synthetic/auditLogModel.js";
import {generateAuditLines} from "../src/lib/synthetic/generateAuditLog.js";

// A tiny real-shaped log: watches logged twice (ResponseStarted, ResponseComplete) between create/delete actions.
const real = [
  {
    auditID: "w1",
    stage: "ResponseStarted",
    verb: "watch",
    requestURI: "/api/v1/pods?resourceVersion=1&watch=true",
    user: {username: "system:node:n1"},
    objectRef: {resource: "pods", apiVersion: "v1"},
    responseStatus: {code: 200},
    requestReceivedTimestamp: "2023-01-27T18:28:08.000100Z"
  },
  {
    auditID: "c1",
    stage: "ResponseComplete",
    verb: "create",
    requestURI: "/api/v1/namespaces/a/configmaps",
    user: {username: "kubernetes-admin"},
    objectRef: {resource: "configmaps", namespace: "a"},
    responseStatus: {code: 201},
    requestReceivedTimestamp: "2023-01-27T18:28:08.001100Z"
  },
  {
    auditID: "w1",
    stage: "ResponseComplete",
    verb: "watch",
    requestURI: "/api/v1/pods?resourceVersion=1&watch=true",
    user: {username: "system:node:n1"},
    objectRef: {resource: "pods", apiVersion: "v1"},
    responseStatus: {code: 200},
    requestReceivedTimestamp: "2023-01-27T18:28:08.000100Z"
  },
  {
    auditID: "d1",
    stage: "ResponseComplete",
    verb: "delete",
    requestURI: "/api/v1/namespaces/a/configmaps/x",
    user: {username: "kubernetes-admin"},
    objectRef: {resource: "configmaps", namespace: "a", name: "x"},
    responseStatus: {code: 200},
    requestReceivedTimestamp: "2023-01-27T18:28:08.002100Z"
  },
  {
    auditID: "c2",
    stage: "ResponseComplete",
    verb: "create",
    requestURI: "/api/v1/namespaces/a/configmaps",
    user: {username: "kubernetes-admin"},
    objectRef: {resource: "configmaps", namespace: "a"},
    responseStatus: {code: 201},
    requestReceivedTimestamp: "2023-01-27T18:28:08.003100Z"
  },
  {
    auditID: "w2",
    stage: "ResponseStarted",
    verb: "watch",
    requestURI: "/api/v1/pods?resourceVersion=2&watch=true",
    user: {username: "system:node:n1"},
    objectRef: {resource: "pods", apiVersion: "v1"},
    responseStatus: {code: 200},
    requestReceivedTimestamp: "2023-01-27T18:28:08.004100Z"
  },
  {
    auditID: "w2",
    stage: "ResponseComplete",
    verb: "watch",
    requestURI: "/api/v1/pods?resourceVersion=2&watch=true",
    user: {username: "system:node:n1"},
    objectRef: {resource: "pods", apiVersion: "v1"},
    responseStatus: {code: 200},
    requestReceivedTimestamp: "2023-01-27T18:28:08.004100Z"
  }
];

test("fitAuditLogModel(events) counts repeated auditIDs once and learns the action transitions", () => {
  const model = fitAuditLogModel(real);
  assert.deepEqual(model.actions, ["watch_pods", "create_configmaps", "delete_configmaps"]);
  assert.deepEqual(model.transitions[2], [[1], [1]]); // delete -> create always
  assert.deepEqual(model.transitions[1], [
    [2, 0],
    [0.5, 1]
  ]); // create -> delete or watch
  assert.equal(model.watchPairShare, 1);
});

test("generateAuditLines(model, {events, seed}) is deterministic and writes audit.k8s.io/v1 events", () => {
  const model = fitAuditLogModel(real);
  const a = [...generateAuditLines(model, {events: 300, seed: 7})];
  const b = [...generateAuditLines(model, {events: 300, seed: 7})];
  assert.equal(a.length, 300);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, [...generateAuditLines(model, {events: 300, seed: 8})]);
  for (const line of a) {
    const e = JSON.parse(line);
    assert.equal(e.apiVersion, "audit.k8s.io/v1");
    assert.ok(
      e.userAgent && e.sourceIPs.length === 1 && e.annotations["authorization.k8s.io/decision"] && e.stageTimestamp
    );
  }
});

test("generateAuditLines(model) follows the chain and pairs watch stages under one auditID", () => {
  const model = fitAuditLogModel(real);
  const events = [...generateAuditLines(model, {events: 2000, seed: 1})].map((l) => JSON.parse(l));
  const actions = events
    .filter((e) => e.stage !== "ResponseComplete" || e.verb !== "watch")
    .map((e) => `${e.verb}_${e.objectRef?.resource ?? ""}`);
  for (let i = 1; i < actions.length; i++)
    if (actions[i - 1] === "delete_configmaps") assert.equal(actions[i], "create_configmaps");
  const stages = new Map<string, string[]>();
  for (const e of events.filter((e) => e.verb === "watch"))
    stages.set(e.auditID, [...(stages.get(e.auditID) ?? []), e.stage]);
  const complete = [...stages.values()].filter((s) => s.length === 2);
  assert.ok(complete.length > 0);
  for (const s of complete) assert.deepEqual(s, ["ResponseStarted", "ResponseComplete"]);
});
