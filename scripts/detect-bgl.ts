/**
 * An end-to-end check on raw loghub logs: BGL 2k's lines → templates → time-window sessions → DeepLog-style
 * detection, scored against BGL's per-line labels (the first field: `-` for a normal line, an alert category
 * otherwise). `npx tsx scripts/detect-bgl.ts [--window S] [--top-g G] [--json]`.
 *
 * Protocol: lines in time order; the first half of the windows is training, the rest test. Templates are learned
 * on the training lines only (Drain, refined BGL preset, two passes); test lines are matched, and a line no
 * template fits gets key 0. The detector (n-gram, window 2) is fitted on the training windows without an alert
 * line; a test window is flagged when any of its keys is outside the model's top-g; a window is anomalous when
 * any of its lines is labelled.
 */
import {parseArgs} from "node:util";
import {readLines} from "../src/node/readLines.js";
import {Drain} from "../src/lib/templates/drain.js";
import {compileLogFormat, parseLogLine} from "../src/lib/templates/logFormat.js";
import {parseLines} from "../src/lib/templates/parser.js";
import {refinedPresets} from "../src/lib/templates/presets.js";
import {sessionsByWindow} from "../src/lib/templates/templateSessions.js";
import {detectKeySessions, trainKeyDetector} from "../src/lib/detect/keyDetector.js";

const {values} = parseArgs({
  options: {
    window: {type: "string", default: "3600"},
    "top-g": {type: "string", default: "9"},
    json: {type: "boolean", default: false}
  }
});
const windowSeconds = Number(values.window);
const topG = Number(values["top-g"]);

const preset = refinedPresets.BGL;
const format = compileLogFormat(preset.logFormat);
const rows: {line: string; time: number; alert: boolean}[] = [];
for await (const {text} of readLines("data/loghub-2k/BGL/BGL_2k.log.xz")) {
  const fields = text ? parseLogLine(format, text) : null;
  if (fields) rows.push({line: text, time: Number(fields.Timestamp), alert: fields.Label !== "-"});
}
rows.sort((a, b) => a.time - b.time);

// Windows of the whole log, split at the median window start.
const all = sessionsByWindow(
  rows.map((r) => r.time),
  rows.map(() => 0),
  windowSeconds
);
const cut = Number(all[Math.floor(all.length / 2)].key);
const train = rows.filter((r) => r.time < cut);
const test = rows.filter((r) => r.time >= cut);

const {parser, ids: trainIds} = parseLines(
  new Drain(preset),
  train.map((r) => r.line)
);
const testIds = test.map((r) => parser.match(r.line));
const keysOf = (ids: (number | null)[]) => ids.map((id) => (id === null ? -1 : id)); // -1 → key 0
const windows = (part: typeof rows, ids: (number | null)[]) =>
  sessionsByWindow(
    part.map((r) => r.time),
    keysOf(ids),
    windowSeconds
  ).map((s) => ({keys: s.ids.map((id) => String(id + 1)), alert: s.lines.some((i) => part[i].alert)}));
const trainWindows = windows(train, trainIds);
const testWindows = windows(test, testIds);

const detector = await trainKeyDetector(
  trainWindows.filter((w) => !w.alert).map((w) => w.keys),
  {window: 2}
);
const detection = detectKeySessions(
  detector,
  [{file: "test", sessions: testWindows.map((w, i) => ({line: i + 1, keys: w.keys}))}],
  {topG}
);
detector.model.dispose();
const flagged = new Set(detection.flagged.map((f) => f.line - 1));
let [tp, fp, fn, tn] = [0, 0, 0, 0];
testWindows.forEach((w, i) => {
  if (flagged.has(i) && w.alert) tp++;
  else if (flagged.has(i)) fp++;
  else if (w.alert) fn++;
  else tn++;
});
const precision = tp / (tp + fp || 1);
const recall = tp / (tp + fn || 1);
const f1 = (2 * precision * recall) / (precision + recall || 1);
// A label-free baseline: flag a test window when it holds a template unseen in training (key 0).
let [btp, bfp] = [0, 0];
for (const w of testWindows.filter((w) => w.keys.includes("0"))) {
  if (w.alert) btp++;
  else bfp++;
}
const result = {
  lines: rows.length,
  alertLines: rows.filter((r) => r.alert).length,
  windowSeconds,
  topG,
  templates: parser.templates().length,
  unseenTestLines: testIds.filter((id) => id === null).length,
  trainWindows: trainWindows.length,
  trainWindowsNormal: trainWindows.filter((w) => !w.alert).length,
  testWindows: testWindows.length,
  testWindowsAnomalous: testWindows.filter((w) => w.alert).length,
  confusion: {tp, fp, fn, tn},
  precision,
  recall,
  f1,
  unseenTemplateBaseline: {tp: btp, fp: bfp, recall: btp / (tp + fn || 1)}
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else
  console.log(
    `BGL 2k: ${result.lines} lines (${result.alertLines} labelled alerts), ${windowSeconds} s windows, templates learned on the first half: ${result.templates}
train: ${result.trainWindows} windows (${result.trainWindowsNormal} without alerts, used for fitting); test: ${result.testWindows} windows, ${result.testWindowsAnomalous} with alerts; ${result.unseenTestLines} test lines fit no template
n-gram w=2, top-${topG}: TP ${tp} FP ${fp} FN ${fn} TN ${tn}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${f1.toFixed(3)}
baseline (a template unseen in training): TP ${btp} FP ${bfp}`
  );
