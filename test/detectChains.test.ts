import assert from "node:assert/strict";
import {test} from "node:test";
import {ActorProfile} from "../src/lib/detect/actorProfile.js";
import {CONTROLLER_CHAIN_EVENTS, detectAuditEvents, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {controllerInputs} from "../src/lib/detect/controllerTriggers.js";
import {detectEvent} from "./detectEventFixture.js";

const event = detectEvent;

const RS = "system:serviceaccount:kube-system:replicaset-controller";
const DEPLOYMENTS = "system:serviceaccount:kube-system:deployment-controller";
const createPods = (namespace: string, auditID: string) =>
  event({user: RS, resource: "pods", action: "create_pods", namespace, auditID});
const createReplicaSet = (namespace: string, auditID: string, user = DEPLOYMENTS) =>
  event({user, resource: "replicasets", action: "create_replicasets", namespace, auditID});

test("controllerInputs(user) names what a kube-system controller reconciles, null for anyone else", () => {
  assert.deepEqual(controllerInputs(RS), ["replicasets"]);
  assert.deepEqual(controllerInputs("system:serviceaccount:kube-system:endpointslice-controller"), ["services"]);
  assert.equal(controllerInputs("system:serviceaccount:apps:replicaset-controller"), null);
  assert.equal(controllerInputs("alice"), null);
});

test("ActorProfile.inputWrittenWithin(user, namespace, n) sees someone else's recent write of the controller's input, through toJSON", () => {
  const profile = ActorProfile.fromEvents([createReplicaSet("apps", "a")]);
  assert.ok(profile.inputWrittenWithin(RS, "apps", 1));
  assert.ok(!profile.inputWrittenWithin(RS, "web", 1) && !profile.inputWrittenWithin(DEPLOYMENTS, "apps", 1));
  // The controller's own write of what it reconciles (a replica set's status) is no input; nor is a denied write.
  const own = ActorProfile.fromEvents([createReplicaSet("apps", "b", RS)]);
  const denied = ActorProfile.fromEvents([{...createReplicaSet("apps", "c"), code: 403}]);
  assert.ok(!own.inputWrittenWithin(RS, "apps", 10) && !denied.inputWrittenWithin(RS, "apps", 10));
  const restored = ActorProfile.fromJSON(JSON.parse(JSON.stringify(profile.toJSON())));
  for (let k = 0; k < 5; ++k) restored.observe(event({auditID: `x${k}`}), false);
  assert.ok(restored.inputWrittenWithin(RS, "apps", 6) && !restored.inputWrittenWithin(RS, "apps", 5));
});

test("detectAuditEvents({controllerChains}) drops a controller's first step into a namespace right after its input was written there, not otherwise", async () => {
  const training = [
    createPods("default", "t1"),
    createPods("default", "t2"),
    event({namespace: "apps", auditID: "t3"}),
    event({namespace: "web", auditID: "t4"})
  ];
  const detector = await trainAuditDetector(training);
  const later = [createReplicaSet("apps", "r"), createPods("apps", "chained"), createPods("web", "alone")];
  const reasons = (o: object) =>
    Object.fromEntries(detectAuditEvents(detector, later, {topG: 5, ...o}).flagged.map((f) => [f.auditID, f.reasons]));
  assert.deepEqual(reasons({}).chained, ["first action of this user in apps"]);
  const chained = reasons({controllerChains: true});
  assert.equal(chained.chained, undefined);
  assert.deepEqual(chained.alone, ["first action of this user in web"]);
  // Too long after the input, the step is news again.
  const gap = Array.from({length: CONTROLLER_CHAIN_EVENTS}, (_, k) => event({auditID: `g${k}`}));
  const late = [createReplicaSet("apps", "r"), ...gap, createPods("apps", "late")];
  const flagged = detectAuditEvents(detector, late, {topG: 5, controllerChains: true, contextOnReads: true}).flagged;
  assert.deepEqual(flagged.find((f) => f.auditID === "late")?.reasons, ["first action of this user in apps"]);
});

test("detectAuditEvents({kubeletsAsOne}) drops a kubelet's first use of another kubelet's action, and youngNamespaceCreation the sequence rule on a new namespace's create", async () => {
  const node = (n: number, auditID: string, verb = "patch") =>
    event({user: `system:node:n${n}`, verb, resource: "nodes", action: `${verb}_nodes`, namespace: null, auditID});
  const ns = (name: string, auditID: string) =>
    event({user: "admin", resource: "namespaces", action: "create_namespaces", namespace: null, name, auditID});
  const training = [
    node(1, "a"),
    node(2, "b", "get"),
    ns("apps", "c"),
    event({user: "admin", namespace: "apps", auditID: "d"})
  ];
  const detector = await trainAuditDetector([...training, ...training.map((e) => ({...e, auditID: e.auditID + "2"}))]);
  const later = [node(2, "kubelet"), ns("apps", "first"), ns("shop", "created"), ns("apps", "again")];
  const flags = (o: object) =>
    Object.fromEntries(detectAuditEvents(detector, later, {topG: 1, ...o}).flagged.map((f) => [f.auditID, f.reasons]));
  const plain = flags({});
  assert.ok(plain.kubelet.includes("first patch_nodes by this user"));
  assert.match(plain.created[0], /^not in top-1/);
  const quiet = flags({kubeletsAsOne: true, youngNamespaceCreation: true});
  assert.ok(!(quiet.kubelet ?? []).includes("first patch_nodes by this user"));
  assert.equal(quiet.created, undefined);
  // Creating a namespace someone already used (deleted and made again) is still judged.
  assert.match(quiet.again[0], /^not in top-1/);
});
