import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {ingestLines} from "../src/lib/detect/attackProtocol.js";
import {
  nextActionVerdicts,
  trainAuditDetector,
  type AuditDetector,
  type EventVerdict
} from "../src/lib/detect/auditDetector.js";
import {sessionKey, type DetectEvent} from "../src/lib/detect/detectEvent.js";
import {injectAttacks, mergeInjections} from "../src/lib/detect/injectAttacks.js";
import {judgeNextAction, type NextActionRule} from "../src/lib/detect/nextActionRule.js";
import {createModel} from "../src/lib/learn/models.js";
import {encode, PAD_ID, UNK_ID} from "../src/lib/learn/vocabulary.js";
import {contextBefore} from "../src/lib/learn/windows.js";
import {setupTfBackend} from "../src/node/tfBackend.js";

const LINES = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");
const {injections} = injectAttacks(
  LINES.map((l) => JSON.parse(l)),
  {seed: 4243, campaigns: 2, start: 150}
);
const TRAIN = ingestLines(LINES.slice(0, 150), "benign");
const STREAM = ingestLines(mergeInjections(LINES, injections).slice(150), "live");

/** The scoring path before contexts were shared: one model row per event, judged one by one. */
function verdictsOnePerEvent(detector: AuditDetector, events: readonly DetectEvent[], rule: NextActionRule) {
  const {model, vocabulary, sessions} = detector;
  const histories = new Map<string, number[]>();
  const out = new Map<number, EventVerdict>();
  events.forEach((e, i) => {
    if (!e.kept) return;
    const key = sessionKey(e, sessions);
    let history = histories.get(key);
    if (!history) histories.set(key, (history = encode(vocabulary, detector.tails[key] ?? [])));
    const id = vocabulary.index.get(e.action) ?? UNK_ID;
    const [row] = model.predict([contextBefore(history, history.length, model.window, PAD_ID)]);
    const verdict = judgeNextAction(row, id, rule);
    out.set(i, {verdict, target: id, expected: verdict.expected.map((x) => vocabulary.actions[x])});
    history.push(id);
  });
  return out;
}

test("nextActionVerdicts(detector, events, rule) gives each event the verdict of its own prediction (n-gram)", async () => {
  const detector = await trainAuditDetector(TRAIN);
  for (const rule of [{topG: 9}, {topG: 2, threshold: 0.05}]) {
    const shared = nextActionVerdicts(detector, STREAM, rule);
    assert.ok(shared.size > 40);
    assert.deepEqual(shared, verdictsOnePerEvent(detector, STREAM, rule));
  }
  detector.model.dispose();
});

test("nextActionVerdicts(detector, events, rule) with an LSTM gives each event the verdict of its own prediction", async () => {
  await setupTfBackend("wasm");
  const base = await trainAuditDetector(TRAIN);
  // Untrained, seeded weights: the rows differ from the n-gram's and scoring cost is the same as for trained ones.
  const model = await createModel({
    kind: "lstm",
    window: 2,
    vocabulary: base.vocabulary,
    hyperparameters: {units: 16, embeddingSize: 8, seed: 7}
  });
  const detector = {...base, model};
  // 40 events: more than the 16 contexts below which the LSTM leaves TF.js for its plain forward pass.
  const events = STREAM.filter((e) => e.kept).slice(0, 40);
  const shared = nextActionVerdicts(detector, events, {topG: 5});
  const own = new Map<number, EventVerdict>();
  // The reference predicts all 40 contexts in one TF.js call too, so both read rows of the same backend.
  const rows = verdictsBatched(detector, events, {topG: 5});
  for (const [i, v] of rows) own.set(i, v);
  assert.deepEqual(shared, own);
  model.dispose();
  base.model.dispose();
});

/** One prediction per event (duplicates included) in one call, judged one by one. */
function verdictsBatched(detector: AuditDetector, events: readonly DetectEvent[], rule: NextActionRule) {
  const {model, vocabulary, sessions} = detector;
  const histories = new Map<string, number[]>();
  const contexts: number[][] = [];
  const targets: number[] = [];
  for (const e of events) {
    const key = sessionKey(e, sessions);
    let history = histories.get(key);
    if (!history) histories.set(key, (history = encode(vocabulary, detector.tails[key] ?? [])));
    const id = vocabulary.index.get(e.action) ?? UNK_ID;
    contexts.push(contextBefore(history, history.length, model.window, PAD_ID));
    targets.push(id);
    history.push(id);
  }
  const rows = model.predict(contexts);
  return new Map(
    rows.map((row, i) => {
      const verdict = judgeNextAction(row, targets[i], rule);
      return [i, {verdict, target: targets[i], expected: verdict.expected.map((x) => vocabulary.actions[x])}] as const;
    })
  );
}
