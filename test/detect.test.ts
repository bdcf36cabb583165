import assert from "node:assert/strict";
import {test} from "node:test";
import {ActorProfile} from "../src/lib/detect/actorProfile.js";
import {detectAuditEvents, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import type {DetectEvent} from "../src/lib/detect/detectEvent.js";
import {holdOut} from "../src/lib/detect/hdfsEvaluation.js";
import {judgeSequence} from "../src/lib/detect/judgeSequence.js";
import {parseKeySessions} from "../src/lib/detect/keySequences.js";
import {judgeNextAction, topIds} from "../src/lib/detect/nextActionRule.js";
import {SeenWindows} from "../src/lib/detect/seenWindows.js";
import {trainSessionDetector} from "../src/lib/detect/sessionDetector.js";
import {bootstrapSessionMetrics, sessionCounts, sessionMetrics} from "../src/lib/detect/sessionMetrics.js";
import {threatRuleHits} from "../src/lib/detect/threatRules.js";
import {createModel} from "../src/lib/learn/models.js";
import {buildVocabulary, encode} from "../src/lib/learn/vocabulary.js";
import {locateAuditIDs, readDetectEvents} from "../src/node/detectInput.js";
import {detectEvent} from "./detectEventFixture.js";

const FIXTURES = "test/fixtures/detect";

test("judgeNextAction(row, actual, {topG}) flags an action outside the top-g and lists the expected ids", () => {
  const row = Float32Array.of(0, 0, 0.5, 0.3, 0.15, 0.05);
  assert.deepEqual(judgeNextAction(row, 4, {topG: 2}), {
    anomalous: true,
    rank: 2,
    probability: row[4],
    expected: [2, 3]
  });
  assert.equal(judgeNextAction(row, 3, {topG: 2}).anomalous, false);
});

test("judgeNextAction flags a probability below the threshold even inside the top-g, and UNK always", () => {
  const row = Float32Array.of(0, 0, 0.5, 0.3, 0.15, 0.05);
  assert.equal(judgeNextAction(row, 5, {topG: 9, threshold: 0.1}).anomalous, true);
  assert.equal(judgeNextAction(row, 4, {topG: 9, threshold: 0.1}).anomalous, false);
  assert.deepEqual(judgeNextAction(row, 1, {topG: 9}), {
    anomalous: true,
    rank: 6,
    probability: 0,
    expected: [2, 3, 4, 5]
  });
});

test("topIds(row, g) skips PAD and UNK and breaks ties by the lower id", () => {
  assert.deepEqual(topIds(Float32Array.of(0.9, 0.9, 0.2, 0.3, 0.3), 2), [3, 4]);
});

test("judgeSequence applies DeepLog's rule along a hand-made session with a back-off n-gram", async () => {
  const training = [
    ["a", "b", "c"],
    ["a", "b", "c"],
    ["a", "b", "d"]
  ];
  const vocabulary = buildVocabulary(training);
  const model = await createModel({kind: "ngram", window: 2, vocabulary});
  await model.fit(training.map((s) => encode(vocabulary, s)));
  const session = encode(vocabulary, ["a", "c", "b"]);
  assert.deepEqual(
    judgeSequence(model, session, {topG: 1}).map((v) => v.anomalous),
    [false, true, true]
  );
  // After <pad> a, b is expected; c ranks third (b, then a and c from the back-off: a is more frequent).
  assert.deepEqual(
    judgeSequence(model, session, {topG: 2}).map((v) => [
      v.anomalous,
      v.rank,
      v.expected.map((id) => vocabulary.actions[id])
    ]),
    [
      [false, 0, ["a", "b"]],
      [true, 2, ["b", "a"]],
      [false, 1, ["a", "b"]]
    ]
  );
});

const event = (fields: Partial<DetectEvent>): DetectEvent =>
  detectEvent({userAgent: "kubectl", sourceIP: "10.0.0.5", ...fields});

test("ActorProfile.findings names what is new for the actor: namespace used by others, action, agent, IP, denial", () => {
  const profile = ActorProfile.fromEvents([
    event({}),
    event({user: "controller", namespace: "kube-system", action: "update_configmaps"})
  ]);
  assert.deepEqual(
    profile
      .findings(
        event({
          namespace: "kube-system",
          action: "create_serviceaccounts",
          userAgent: "curl/8.5.0",
          sourceIP: "203.0.113.9",
          code: 403
        })
      )
      .map((f) => f.reason),
    [
      "first action of this user in kube-system",
      "first create_serviceaccounts by this user",
      "new user agent for this user: curl/8.5.0",
      "new source IP for this user: 203.0.113.9",
      "denied (403)"
    ]
  );
  // A namespace nobody used in training was created since: acting in it is not news.
  assert.deepEqual(profile.findings(event({namespace: "fresh"})), []);
  assert.deepEqual(
    profile.findings(event({user: "mallory"})).map((f) => f.reason),
    ["user mallory never seen in training"]
  );
});

test("detectAuditEvents gives each flag a score, its reasons, the expected actions, and the rules apart", async () => {
  const benign = [0, 1, 2].flatMap(() => [
    event({action: "create_deployments"}),
    event({action: "create_services"}),
    event({action: "patch_deployments"})
  ]);
  const detector = await trainAuditDetector(benign, {window: 1});
  const result = detectAuditEvents(
    detector,
    [
      event({auditID: "1", action: "create_services"}),
      event({auditID: "2", action: "patch_deployments", resource: "pods", subresource: "exec"}),
      event({auditID: "3", action: "create_deployments"})
    ],
    {topG: 1}
  );
  assert.equal(result.events, 3);
  assert.deepEqual(
    result.flagged.map((f) => [f.auditID, f.reasons, f.rules.map((r) => r.rule), f.expected]),
    [
      ["1", ["not in top-1 (rank 2); expected create_deployments"], [], ["create_deployments"]],
      ["2", [], ["pods-exec"], ["patch_deployments"]]
    ]
  );
  assert.ok(result.flagged[0].score > 0.5 && result.flagged[0].score < 1);
  assert.equal(result.flagged[1].score, 0);
  detector.model.dispose();
});

test("detectAuditEvents({quietYoungNamespaces}) keeps the sequence rule and first actions quiet in a namespace nobody used in training", async () => {
  const benign = [0, 1, 2].flatMap(() => [
    event({action: "create_deployments"}),
    event({action: "create_services"}),
    event({user: "bob", namespace: "prod", action: "create_services"})
  ]);
  const detector = await trainAuditDetector(benign, {window: 1});
  // A new application in "shop": a kind alice never created there, and one she never created anywhere.
  const later = [
    event({auditID: "1", namespace: "shop", action: "create_statefulsets"}),
    event({auditID: "2", namespace: "shop", action: "create_deployments"}),
    event({auditID: "3", namespace: "prod", action: "create_configmaps"})
  ];
  const reasons = (o: object) =>
    detectAuditEvents(detector, later, {topG: 1, ...o}).flagged.map((f) => [f.auditID, f.reasons]);
  assert.deepEqual(reasons({}), [
    ["1", ["create_statefulsets never seen in training"]],
    ["2", ["not in top-1 (rank 2); expected create_services"]],
    ["3", ["create_configmaps never seen in training", "first action of this user in prod"]]
  ]);
  // "prod" was used in training (by bob): alice's step there and its action stay news.
  assert.deepEqual(reasons({quietYoungNamespaces: true}), [
    ["3", ["create_configmaps never seen in training", "first action of this user in prod"]]
  ]);
  detector.model.dispose();
});

test("detectAuditEvents({followUps: 1}) flags a user's next request in a namespace after an alert there, once", async () => {
  const benign = [0, 1, 2].flatMap(() => [
    event({action: "update_endpoints"}),
    event({user: "bob", namespace: "prod", action: "update_endpoints"})
  ]);
  const detector = await trainAuditDetector(benign, {window: 1});
  // alice steps into prod (news), does her usual update there twice more, and once in dev (her own namespace).
  const later = ["1", "2", "3"].map((auditID) => event({auditID, namespace: "prod", action: "update_endpoints"}));
  later.splice(1, 0, event({auditID: "d", action: "update_endpoints"}));
  const flags = (o: object) =>
    detectAuditEvents(detector, later, {topG: 1, ...o}).flagged.map((f) => [f.auditID, f.reasons]);
  assert.deepEqual(flags({}), [["1", ["first action of this user in prod"]]]);
  const followed = detectAuditEvents(detector, later, {topG: 1, followUps: 1}).flagged;
  assert.deepEqual(
    followed.map((f) => [f.auditID, f.reasons]),
    [
      ["1", ["first action of this user in prod"]],
      ["2", ["next request of this user in prod after an alert"]]
    ]
  );
  assert.equal(followed[1].score, 0.4);
  // Two follow-ups reach the third request in prod; the request in dev is never one.
  assert.deepEqual(
    flags({followUps: 2}).map(([id]) => id),
    ["1", "2", "3"]
  );
  detector.model.dispose();
});

test("threatRuleHits catches pods/exec and a service account created in kube-system in a hand-written audit log", async () => {
  const {events} = await readDetectEvents([`${FIXTURES}/later.jsonl`]);
  const hits = events.flatMap((e) => threatRuleHits(e).map((h) => `${e.auditID.slice(-2)} ${h.rule}: ${h.reason}`));
  assert.deepEqual(hits, [
    "26 pods-exec: create pods/exec web-0 in dev",
    "27 kube-system-create: create serviceaccounts backdoor in kube-system by alice",
    "28 denied: denied (403): delete secrets"
  ]);
});

test("threatRuleHits leaves the kubelet's pod tokens and anonymous health probes alone", () => {
  const base = {name: null, code: 201, subresource: null, namespace: "kube-system"};
  assert.deepEqual(
    threatRuleHits({
      ...base,
      verb: "create",
      resource: "serviceaccounts",
      subresource: "token",
      user: "system:node:n1"
    }),
    []
  );
  assert.deepEqual(
    threatRuleHits({...base, verb: "get", resource: null, namespace: null, user: "system:anonymous"}),
    []
  );
  assert.deepEqual(
    threatRuleHits({...base, verb: "create", resource: "serviceaccounts", subresource: "token", user: "alice"}).map(
      (h) => h.rule
    ),
    ["serviceaccount-token"]
  );
});

test("parseKeySessions keeps good lines and names a bad one by file and line", () => {
  assert.deepEqual(parseKeySessions("5 22 5 \n\n5 x\n26\n", "k"), {
    sessions: [
      {line: 1, keys: ["5", "22", "5"]},
      {line: 4, keys: ["26"]}
    ],
    problems: [{file: "k", line: 3, reason: 'not an integer key: "x"'}]
  });
});

test("SeenWindows.unseen(sequence) lists the positions of (context, key) pairs never seen, or seen too rarely", () => {
  const seen = new SeenWindows(1);
  seen.add(["5", "22", "5", "22"]);
  assert.deepEqual(seen.unseen(["5", "22", "22"]), [2]);
  assert.deepEqual(seen.unseen(["5", "22", "5"], {minCount: 2}), [0, 2]);
});

test("trainSessionDetector: the end-of-session key flags a session that stops early", async () => {
  const normal = [
    ["5", "22", "11", "9"],
    ["5", "22", "11", "9"]
  ];
  const plain = await trainSessionDetector({kind: "unseen", window: 1}, normal);
  const withEnd = await trainSessionDetector({kind: "unseen", window: 1, endKey: true}, normal);
  assert.deepEqual(
    [plain.flag(["5", "22"]), withEnd.flag(["5", "22"]), withEnd.flag(["5", "22", "11", "9"])],
    [false, true, false]
  );
});

test("trainSessionDetector: an n-gram with endThreshold flags a session whose end is improbable, even inside the top-g", async () => {
  const normal = [0, 1, 2].map(() => ["5", "22", "11", "9"]);
  const topG = await trainSessionDetector({kind: "ngram", window: 2, topG: 9, endKey: true}, normal);
  const end = await trainSessionDetector({kind: "ngram", window: 2, topG: 9, endKey: true, endThreshold: 0.1}, normal);
  assert.deepEqual(
    [topG.flag(["5", "22"]), end.flag(["5", "22"]), end.flag(["5", "22", "11", "9"])],
    [false, true, false]
  );
  topG.dispose();
  end.dispose();
});

test("sessionMetrics re-weights precision and F1 to DeepLog's 553,366 : 16,838 ratio", () => {
  const m = sessionMetrics(sessionCounts([true, false, false, false], [true, true, true, false]));
  assert.deepEqual([m.precision, m.recall, m.fpr], [0.75, 0.75, 0.25]);
  const p = (0.75 * 16838) / (0.75 * 16838 + 0.25 * 553366);
  assert.equal(m.reweighted.precision, p);
  assert.equal(m.reweighted.f1, (2 * p * 0.75) / (p + 0.75));
});

test("holdOut(sessions, 0.4, seed) is a seeded split that keeps every session once", () => {
  const {train, test: held} = holdOut(["a", "b", "c", "d", "e"], 0.4, 42);
  assert.deepEqual([train.length, held.length], [3, 2]);
  assert.deepEqual([...train, ...held].sort(), ["a", "b", "c", "d", "e"]);
  assert.deepEqual(holdOut(["a", "b", "c", "d", "e"], 0.4, 42), {train, test: held});
});

test("bootstrapSessionMetrics is seeded and collapses to a point when every session is judged right", () => {
  const normal = [false, false, true, false];
  const abnormal = [true, true, false, true, true];
  const a = bootstrapSessionMetrics(normal, abnormal, {resamples: 200, seed: 7});
  assert.deepEqual(bootstrapSessionMetrics(normal, abnormal, {resamples: 200, seed: 7}), a);
  assert.ok(a.recall[0] < 0.8 && a.recall[1] >= 0.8);
  const perfect = bootstrapSessionMetrics([false, false], [true, true], {resamples: 50});
  assert.deepEqual(
    [perfect.recall, perfect.fpr, perfect.reweightedF1],
    [
      [1, 1],
      [0, 0],
      [1, 1]
    ]
  );
});

test("locateAuditIDs finds a JSON line by its auditID field and a Logstash CSV row by its auditID column", async () => {
  const found = await locateAuditIDs(
    ["test/fixtures/ingest/audit-logs-head300.csv", `${FIXTURES}/later.jsonl`],
    new Set(["56c0cbe5-89f6-4820-b8fb-473ca0bff697", "00000000-0000-4000-8000-000000000027", "absent"])
  );
  assert.deepEqual(Object.fromEntries(found), {
    "56c0cbe5-89f6-4820-b8fb-473ca0bff697": {file: "test/fixtures/ingest/audit-logs-head300.csv", line: 3},
    "00000000-0000-4000-8000-000000000027": {file: `${FIXTURES}/later.jsonl`, line: 4}
  });
});
