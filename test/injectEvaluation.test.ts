import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {detectionScores, evaluateDetector, eventTruth, unseenPairFlags} from "../src/lib/detect/attackEvaluation.js";
import {runAttackProtocol} from "../src/lib/detect/attackProtocol.js";

test("detectionScores(truth, flagged, kept) counts attacks caught, benign flags and benign actions flagged", () => {
  const truth = ["pods-exec", "pods-exec", null, null, null, null];
  const flagged = [true, false, true, true, false, false];
  const kept = [true, false, true, false, true, true];
  assert.deepEqual(detectionScores(truth, flagged, kept), {
    attacks: 2,
    caught: 1,
    attackActions: 1,
    caughtActions: 1,
    falsePositives: 2,
    benignActions: 3,
    benignActionsFlagged: 1,
    precision: 1 / 3,
    recall: 0.5,
    f1: 0.4,
    fpPer1kActions: 1000 / 3
  });
});

test("evaluateDetector gives seeded bootstrap intervals around the point and recall per technique", () => {
  const truth = [...Array(20).fill(null), "a", "a", "a", "b"];
  const flagged = [true, ...Array(19).fill(false), true, true, false, true];
  const kept = Array(24).fill(true);
  const e = evaluateDetector(truth, flagged, kept, {resamples: 200, seed: 1});
  assert.deepEqual([e.precision, e.recall], [0.75, 0.75]);
  assert.ok(e.intervals.recall[0] <= 0.75 && 0.75 <= e.intervals.recall[1]);
  assert.deepEqual(evaluateDetector(truth, flagged, kept, {resamples: 200, seed: 1}), e);
  assert.deepEqual(
    Object.entries(e.techniques).map(([t, x]) => [t, x.attacks, x.caught, x.recall]),
    [
      ["a", 3, 2, 2 / 3],
      ["b", 1, 1, 1]
    ]
  );
  assert.deepEqual(e.techniques.b.interval, [1, 1]);
  const campaigns = [...Array(20).fill(null), 0, 0, 1, 2];
  const c = evaluateDetector(truth, flagged, kept, {resamples: 10, seed: 1, campaigns});
  assert.deepEqual(c.campaigns, {total: 3, caught: 2});
  assert.deepEqual([c.techniques.a.campaigns, c.techniques.a.campaignsCaught], [2, 1]);
});

test("eventTruth and unseenPairFlags read labels by auditID and (user, action) pairs", () => {
  assert.deepEqual(eventTruth([{auditID: "x"}, {auditID: "y"}], {y: "csr-approval"}), [null, "csr-approval"]);
  const train = [{user: "alice", action: "create_pods"}];
  const test = [
    {user: "alice", action: "create_pods", kept: true},
    {user: "alice", action: "delete_pods", kept: true},
    {user: "bob", action: "create_pods", kept: true},
    {user: "bob", action: "get_pods", kept: false}
  ];
  assert.deepEqual(unseenPairFlags(train, test), [false, true, true, false]);
});

test("runAttackProtocol trains on the first part, chooses g on validation and tests every detector", async () => {
  const lines = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const result = await runAttackProtocol(lines, parsed, {
    campaigns: 1,
    resamples: 50,
    topGs: [1, 9],
    followUps: [0, 1],
    validationSeeds: [11, 12]
  });
  assert.deepEqual(result.parts.trainLines, 210);
  assert.deepEqual(result.parts.validationLines, 42);
  assert.deepEqual(result.parts.testLines, 90);
  assert.deepEqual(Object.keys(result.choice), ["ngram", "ngram high-recall"]);
  assert.ok([1, 9].includes(result.choice.ngram.chosen));
  assert.equal(result.choice.ngram.followUps, 0);
  assert.ok([0, 1].includes(result.choice["ngram high-recall"].followUps));
  // Two validation corpora: the grid holds every (follow-ups, g) of the high-recall detector.
  assert.equal(result.choice["ngram high-recall"].grid.length, 4);
  assert.deepEqual(
    result.detectors.map((d) => d.layer),
    ["learned", "learned", "combined", "combined", "combined", "combined", "combined", "rules", "baseline", "combined"]
  );
  assert.equal(result.detectors[0].evaluation.attacks, result.parts.attacks);
  // Benign mutating requests: every create/update/patch/delete, the kept writes among them.
  assert.ok(result.parts.benignMutating >= result.parts.benignKeptWrites);
  assert.equal(result.detectors[2].keptWrites.of, result.parts.benignKeptWrites);
});

test("detectAuditEvents({contextOnReads: true}) also flags a known user's first read in an established namespace", async () => {
  const {detectAuditEvents, trainAuditDetector} = await import("../src/lib/detect/auditDetector.js");
  const event = (auditID: string, user: string, verb: string, namespace: string, kept: boolean) => ({
    auditID,
    verb,
    resource: "secrets",
    subresource: null,
    namespace,
    name: "s",
    user,
    userAgent: null,
    sourceIP: null,
    code: 200,
    action: `${verb}_secrets`,
    kept
  });
  const train = [
    event("1", "alice", "update", "dev", true),
    event("2", "alice", "get", "dev", false),
    event("3", "bob", "update", "prod", true)
  ];
  const detector = await trainAuditDetector(train);
  const later = [event("4", "alice", "get", "prod", false)];
  assert.deepEqual(detectAuditEvents(detector, later, {topG: 9}).flagged, []);
  assert.deepEqual(
    detectAuditEvents(detector, later, {topG: 9, contextOnReads: true}).flagged.map((f) => f.reasons),
    [["first action of this user in prod"]]
  );
  detector.model.dispose();
});

test("mutatingRequests(events) marks create, update, patch, delete and deletecollection, whatever the resource", async () => {
  const {mutatingRequests} = await import("../src/lib/detect/attackProtocol.js");
  const verbs = ["get", "create", "update", "patch", "delete", "deletecollection", "list", "watch"];
  assert.deepEqual(mutatingRequests(verbs.map((verb) => ({verb}))), [
    false,
    true,
    true,
    true,
    true,
    true,
    false,
    false
  ]);
});
