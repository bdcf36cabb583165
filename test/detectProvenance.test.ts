import assert from "node:assert/strict";
import {test} from "node:test";
import {ActorProfile} from "../src/lib/detect/actorProfile.js";
import {detectAuditEvents, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {
  curveOfFlagSets,
  flagsAt,
  packFlags,
  recallOfFlags,
  scoresOfFlags,
  type FlagSets
} from "../src/lib/detect/flagSets.js";
import {installOf, namedAfter, ownedBy, releaseWritten} from "../src/lib/detect/helmReleases.js";
import {straddleCuts} from "../src/lib/detect/attackProtocol.js";
import type {RankedEvent} from "../src/lib/detect/topGSweep.js";
import {detectEvent, rankedEvent} from "./detectEventFixture.js";

const event = detectEvent;

const ADMIN = "kubernetes-admin";
const ENDPOINTS = "system:serviceaccount:kube-system:endpoint-controller";

test("releaseWritten(e) names the Helm release whose secret a create or update writes, and namedAfter(name, release) its objects", () => {
  const secret = {verb: "create", resource: "secrets", name: "sh.helm.release.v1.my-app.v1", namespace: "apps"};
  assert.equal(releaseWritten(secret), "my-app");
  assert.equal(releaseWritten({...secret, verb: "update", name: "sh.helm.release.v1.my-app.v12"}), "my-app");
  assert.equal(releaseWritten({...secret, verb: "get"}), null);
  assert.equal(releaseWritten({...secret, name: "my-app-tls"}), null);
  assert.ok(namedAfter("my-app", "my-app") && namedAfter("my-app-web-5d8f", "my-app"));
  assert.ok(namedAfter("my-app:leaderelection", "my-app") && namedAfter("my-app-web.173e3dec", "my-app"));
  assert.ok(!namedAfter("my-application", "my-app") && !namedAfter("your-app", "my-app"));
});

test("installOf(e, releases) places a write in a release in its namespace, in the cluster scope for its own accounts, anywhere for its installer", () => {
  const releases = new Map([["my-app", {namespace: "apps", installers: [ADMIN]}]]);
  assert.equal(installOf({name: "my-app-web", namespace: "apps", user: ENDPOINTS}, releases), "my-app");
  assert.equal(installOf({name: "my-app-view", namespace: null, user: ADMIN}, releases), "my-app");
  assert.equal(
    installOf({name: "my-app-view", namespace: null, user: "system:serviceaccount:apps:x"}, releases),
    "my-app"
  );
  // Anyone else's write to a cluster-scoped object named after the release is not the install's.
  assert.equal(installOf({name: "my-app-view", namespace: null, user: "mallory"}, releases), null);
  assert.equal(installOf({name: "my-app:leaderelection", namespace: "kube-system", user: ADMIN}, releases), "my-app");
  // A controller, or the release's own account, writing an object of that name in another namespace is no install.
  assert.equal(
    installOf({name: "my-app-web", namespace: "loki", user: "system:serviceaccount:apps:x"}, releases),
    null
  );
  assert.equal(installOf({name: "my-app-web", namespace: "loki", user: ENDPOINTS}, releases), null);
  assert.equal(installOf({name: null, namespace: "apps", user: ENDPOINTS}, releases), null);
  assert.ok(ownedBy("system:serviceaccount:apps:my-app-cainjector", releases.get("my-app")!));
  assert.ok(ownedBy(ADMIN, releases.get("my-app")!) && !ownedBy(ENDPOINTS, releases.get("my-app")!));
});

test("ActorProfile learns Helm releases in training and detection, and keeps them through toJSON/fromJSON", () => {
  const profile = ActorProfile.fromEvents([
    event({
      user: ADMIN,
      resource: "secrets",
      action: "create_secrets",
      namespace: "apps",
      name: "sh.helm.release.v1.my-app.v1"
    })
  ]);
  profile.observe(
    event({user: "ci", verb: "update", resource: "secrets", namespace: "web", name: "sh.helm.release.v1.shop.v2"}),
    false
  );
  const copy = ActorProfile.fromJSON(JSON.parse(JSON.stringify(profile.toJSON())));
  assert.deepEqual(Object.fromEntries(copy.releases), {
    "my-app": {namespace: "apps", installers: [ADMIN]},
    shop: {namespace: "web", installers: ["ci"]}
  });
  // A profile saved before releases existed still loads.
  const old = profile.toJSON();
  delete old.releases;
  assert.equal(ActorProfile.fromJSON(old).releases.size, 0);
});

test("detectAuditEvents({installProvenance}) explains a release's writes: no first step, no sequence flag, no follow-up, no webhook rule for its own accounts", async () => {
  const benign = [0, 1, 2].flatMap(() => [
    event({user: ADMIN, namespace: "apps", action: "create_deployments"}),
    event({
      user: ENDPOINTS,
      namespace: "kube-system",
      verb: "update",
      resource: "endpoints",
      action: "update_endpoints"
    }),
    event({
      user: ADMIN,
      namespace: "apps",
      resource: "secrets",
      action: "create_secrets",
      name: "sh.helm.release.v1.my-app.v1"
    })
  ]);
  const detector = await trainAuditDetector(benign, {window: 1});
  const injector = "system:serviceaccount:apps:my-app-cainjector";
  const later = [
    // The endpoint controller's first step into apps, on an object no release names: news, and it opens a follow-up.
    event({
      auditID: "4",
      user: ENDPOINTS,
      namespace: "apps",
      verb: "update",
      resource: "endpoints",
      name: "intruder",
      action: "update_endpoints"
    }),
    // Then the release's service endpoints (no follow-up), its cluster role, its own account updating its webhook.
    event({
      auditID: "1",
      user: ENDPOINTS,
      namespace: "apps",
      verb: "update",
      resource: "endpoints",
      name: "my-app-web",
      action: "update_endpoints"
    }),
    event({
      auditID: "2",
      user: ADMIN,
      namespace: null,
      resource: "clusterroles",
      name: "my-app-view",
      action: "create_clusterroles"
    }),
    event({
      auditID: "3",
      user: injector,
      namespace: null,
      verb: "update",
      resource: "validatingwebhookconfigurations",
      name: "my-app-webhook",
      action: "update_validatingwebhookconfigurations"
    }),
    // Someone else changing the release's webhook: the rule stays.
    event({
      auditID: "5",
      user: "mallory",
      namespace: null,
      verb: "patch",
      resource: "validatingwebhookconfigurations",
      name: "my-app-webhook",
      action: "patch_validatingwebhookconfigurations"
    })
  ];
  const flags = (o: object) =>
    detectAuditEvents(detector, later, {topG: 1, followUps: 1, ...o}).flagged.map((f) => [
      f.auditID,
      f.reasons,
      f.rules.map((r) => r.rule)
    ]);
  assert.deepEqual(
    flags({}).map(([id]) => id),
    ["4", "1", "2", "3", "5"]
  );
  assert.deepEqual(flags({installProvenance: true}), [
    ["4", ["first action of this user in apps"], []],
    [
      "5",
      ["patch_validatingwebhookconfigurations never seen in training", "user mallory never seen in training"],
      ["admission-webhook-change"]
    ]
  ]);
  detector.model.dispose();
});

test("detectAuditEvents({controlPlaneNoveltyOnce}) reports a controller's never-seen action once, the kubelets as one component, a person's every time", async () => {
  const benign = [0, 1, 2].flatMap(() => [
    event({}),
    event({user: "system:node:a", action: "patch_nodes"}),
    event({user: "system:node:b", action: "patch_nodes"})
  ]);
  const detector = await trainAuditDetector(benign, {window: 1});
  const review = (auditID: string, user: string) =>
    event({auditID, user, namespace: null, action: "create_tokenreviews"});
  const later = [
    review("1", "system:node:a"),
    review("2", "system:node:b"),
    review("3", "alice"),
    review("4", "alice")
  ];
  const ids = (o: object) => detectAuditEvents(detector, later, {topG: 1, ...o}).flagged.map((f) => f.auditID);
  assert.deepEqual(ids({}), ["1", "2", "3", "4"]);
  assert.deepEqual(ids({controlPlaneNoveltyOnce: true}), ["1", "3", "4"]);
  detector.model.dispose();
});

test("flagsAt, scoresOfFlags, curveOfFlagSets and recallOfFlags read precomputed flags like the page does", () => {
  const ranked = (technique: string | null, mutating = true): RankedEvent =>
    rankedEvent({technique, kept: mutating, mutating});
  const events = [ranked("pods-exec"), ranked(null), ranked(null), ranked("csr-approval", false)];
  const reasons: string[] = [];
  const sets: FlagSets = {
    g: 2,
    why: "test",
    reasons,
    byG: {
      "1": packFlags(
        [
          [0, {score: 0.6, reasons: ["a"], rules: []}],
          [1, {score: 0.4, reasons: ["b"], rules: []}],
          [3, {score: 0, reasons: [], rules: ["denied"]}]
        ],
        reasons
      ),
      "2": packFlags([[0, {score: 0.6, reasons: ["a"], rules: ["pods-exec"]}]], reasons)
    }
  };
  assert.deepEqual(reasons, ["a", "b", "denied", "pods-exec"]);
  assert.deepEqual(flagsAt(sets, 1).get(3), {score: 0, reasons: [], rules: ["denied"]});
  const at1 = scoresOfFlags(events, flagsAt(sets, 1));
  assert.deepEqual([at1.precision, at1.recall, at1.fpPer1kActions], [2 / 3, 1, 500]);
  assert.deepEqual(
    curveOfFlagSets(events, sets, [1, 2]).map((p) => [p.g, p.recall, p.fpPer1kActions]),
    [
      [1, 1, 500],
      [2, 0.5, 0]
    ]
  );
  assert.deepEqual(
    recallOfFlags(events, flagsAt(sets, 2)).map((t) => [t.technique, t.caught, t.attacks]),
    [
      ["csr-approval", 0, 1],
      ["pods-exec", 1, 1]
    ]
  );
  assert.throws(() => flagsAt(sets, 3), /no flags precomputed at g = 3/);
});

test("straddleCuts(parsed, cut) cuts after each namespace's start in the training part's second half, and rolling", () => {
  // Namespace a from line 0, b from line 2500, c from line 3700 (too late to leave 600 lines to judge).
  const parsed = Array.from({length: 4000}, (_, i) => ({
    objectRef: {namespace: i < 2500 ? "a" : i < 3700 ? "b" : "c"}
  }));
  assert.deepEqual(
    straddleCuts(parsed, 4000).map((c) => [c.label, c.fit, c.end, c.seed]),
    [
      ["earlier stretch", 2400, 3200, 1007],
      ["earlier stretch", 2400, 3200, 1008],
      ["b +100", 2600, 3400, 1009],
      ["b +400", 2900, 3700, 1010],
      ["rolling 2000", 2000, 3200, 1011],
      ["rolling 2800", 2800, 4000, 1012]
    ]
  );
});
