import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {attackCorpora, runAttackProtocol} from "../src/lib/detect/attackProtocol.js";
import {detectAuditEvents, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {rankEvents} from "../src/lib/detect/rankEvents.js";
import {
  curveOverG,
  eventScore,
  flaggedAt,
  flagReasons,
  recallByTechnique,
  scoresAt,
  type RankedEvent
} from "../src/lib/detect/topGSweep.js";
import {rankedEvent as ev} from "./detectEventFixture.js";

/** Two attack techniques and four benign events: ranks 0-4, an unseen action, a rule hit on a read, a context finding. */
const events: RankedEvent[] = [
  ev({technique: "pods-exec", kept: false, mutating: false, rank: null, probability: null, rules: ["pods-exec"]}),
  ev({technique: "pods-exec", rank: 4, probability: 0.05}),
  ev({
    technique: "hijacked-identity",
    rank: 1,
    probability: 0.2,
    contextReasons: ["first action of this user in prod"],
    contextScore: 0.6
  }),
  ev({technique: "hijacked-identity", rank: 0, probability: 0.7}),
  ev({rank: 0, probability: 0.6}),
  ev({rank: 2, probability: 0.1}),
  ev({rank: null, probability: 0, unseen: true}),
  ev({kept: false, mutating: false, rank: null, probability: null})
];

test("flaggedAt(e, {topG}) flags rank >= g, unseen actions, context findings and rule hits, not unranked reads", () => {
  assert.deepEqual(
    events.map((e) => flaggedAt(e, {topG: 1})),
    [true, true, true, false, false, true, true, false]
  );
  assert.deepEqual(
    events.map((e) => flaggedAt(e, {topG: 3})),
    [true, true, true, false, false, false, true, false]
  );
  assert.deepEqual(
    events.map((e) => flaggedAt(e, {topG: 5, threshold: 0.65})),
    [true, true, true, false, true, true, true, false]
  );
});

test("scoresAt(events, rule) gives precision, recall and false positives per 1,000 benign kept actions", () => {
  const s = scoresAt(events, {topG: 3});
  assert.deepEqual([s.attacks, s.caught, s.falsePositives, s.benignActions, s.benignActionsFlagged], [4, 3, 1, 3, 1]);
  assert.equal(s.precision, 0.75);
  assert.equal(s.recall, 0.75);
  assert.equal(s.f1, 0.75);
  assert.equal(s.fpPer1kActions, 1000 / 3);
});

test("curveOverG(events, gs) trades recall for fewer false positives as g grows", () => {
  assert.deepEqual(curveOverG(events, [1, 3, 5]), [
    {g: 1, precision: 0.6, recall: 0.75, f1: 0.6666666666666665, fpPer1kActions: 2000 / 3},
    {g: 3, precision: 0.75, recall: 0.75, f1: 0.75, fpPer1kActions: 1000 / 3},
    {g: 5, precision: 2 / 3, recall: 0.5, f1: 0.5714285714285715, fpPer1kActions: 1000 / 3}
  ]);
});

test("recallByTechnique(events, rule) counts caught attack events per technique, alphabetically", () => {
  assert.deepEqual(recallByTechnique(events, {topG: 2}), [
    {technique: "hijacked-identity", attacks: 2, caught: 1, recall: 0.5},
    {technique: "pods-exec", attacks: 2, caught: 2, recall: 1}
  ]);
});

test("eventScore(e, rule) combines 1 - p of a sequence flag with the context score, 1 for an unseen action", () => {
  assert.equal(eventScore(events[2], {topG: 1}), 0.92);
  assert.equal(eventScore(events[2], {topG: 9}), 0.6);
  assert.equal(eventScore(events[1], {topG: 3}), 0.95);
  assert.equal(eventScore(events[6], {topG: 15}), 1);
  assert.equal(eventScore(events[4], {topG: 1}), 0);
});

test("rankEvents(detector, events, truth, maxG) reproduces detectAuditEvents and the protocol's test curve at every g", async () => {
  const lines = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const options = {campaigns: 1};
  // One validation corpus and one follow-up count: only the default detector's test curve is checked here.
  const protocol = await runAttackProtocol(lines, parsed, {
    ...options,
    resamples: 1,
    topGs: [1, 2, 9],
    validationSeeds: [1001],
    followUps: [1],
    straddle: false
  });
  const {trainEvents, test: corpus} = attackCorpora(lines, parsed, options);
  const detector = await trainAuditDetector(trainEvents);
  try {
    const ranked = rankEvents(detector, corpus.events, corpus.truth, 9);
    for (const g of [1, 2, 9]) {
      const ids = new Set(detectAuditEvents(detector, corpus.events, {topG: g}).flagged.map((f) => f.auditID));
      assert.deepEqual(
        ranked.map((e) => flaggedAt(e, {topG: g})),
        corpus.events.map((e) => ids.has(e.auditID)),
        `g = ${g}`
      );
    }
    assert.deepEqual(
      curveOverG(ranked, [1, 2, 9]).map((p) => [p.g, p.precision, p.recall]),
      protocol.choice.ngram.test.map((r) => [r.g, r.precision, r.recall])
    );
    assert.ok(ranked.every((e) => e.expected.length === (e.rank === null && !e.unseen ? 0 : 9)));
  } finally {
    detector.model.dispose();
  }
});

test("flagReasons(e, rule) names the sequence rule's finding first, then the context findings", () => {
  assert.deepEqual(flagReasons(events[2], {topG: 1}), ["not in top-1 (rank 2)", "first action of this user in prod"]);
  assert.deepEqual(flagReasons(events[2], {topG: 9}), ["first action of this user in prod"]);
  assert.deepEqual(flagReasons(events[4], {topG: 9, threshold: 0.65}), ["probability 0.60 < 0.65"]);
  assert.deepEqual(flagReasons(events[6], {topG: 9}), ["action never seen in training"]);
  assert.deepEqual(flagReasons(events[0], {topG: 9}), []);
});
