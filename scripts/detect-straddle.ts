/**
 * Issue 10's bar on validation only: `npx tsx scripts/detect-straddle.ts [--json]`. Runs the default detector and
 * `--high-recall` with and without each of its parts on every validation corpus of the attack protocol: the five of
 * its validation part (seeds 1001, 1003-1006) and the install-straddling ones of the training part (straddleCuts in
 * attackProtocol.ts). Prints recall, the % of benign mutating requests flagged and the hijacked identity's events
 * caught per corpus, then the mean recall and worst benign rate per detector. No test part is read.
 */
import {parseArgs} from "node:util";
import {
  ingestLines,
  labelledCorpus,
  mutatingRequests,
  straddleCuts,
  type ValidationCut
} from "../src/lib/detect/attackProtocol.js";
import {
  detectAuditEvents,
  HIGH_RECALL,
  trainAuditDetector,
  type DetectOptions
} from "../src/lib/detect/auditDetector.js";
import {readBenignLines} from "../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../data-loaders/dataSources.js";

const {values} = parseArgs({options: {json: {type: "boolean", default: false}}});
const G = 15;
// Every row is HIGH_RECALL with some parts off; "round 2" is what the second round of issue 10's bar added.
const ROUND_1 = {...HIGH_RECALL, topG: G, followUps: 1, controllerChains: false, kubeletsAsOne: false};
const ROUND_1_ALL = {...ROUND_1, youngNamespaceCreation: false};
const DETECTORS: Record<string, DetectOptions> = {
  default: {topG: G},
  "first --high-recall (no provenance, 1 follow-up)": {
    ...ROUND_1_ALL,
    installProvenance: false,
    controlPlaneNoveltyOnce: false
  },
  "+ release provenance": {...ROUND_1_ALL, controlPlaneNoveltyOnce: false},
  "+ control-plane novelty once": {...ROUND_1_ALL, installProvenance: false},
  "+ both (--high-recall of round 1)": ROUND_1_ALL,
  "round 1 + young namespace creation": {...ROUND_1_ALL, youngNamespaceCreation: true},
  "round 1 + controller chains": {...ROUND_1_ALL, controllerChains: true},
  "round 1 + kubelets as one": {...ROUND_1_ALL, kubeletsAsOne: true},
  "round 1 + all three, 1 follow-up": {...HIGH_RECALL, topG: G, followUps: 1},
  "--high-recall now (all three, 2 follow-ups)": {...HIGH_RECALL, topG: G},
  "--high-recall now, 0 follow-ups": {...HIGH_RECALL, topG: G, followUps: 0},
  "round 1, 2 follow-ups": {...ROUND_1_ALL, followUps: 2}
};

const {lines, parsed} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const fitCut = Math.floor(cut * 0.8);
const cuts: ValidationCut[] = [
  ...[1001, 1003, 1004, 1005, 1006].map((seed) => ({label: "validation part", fit: fitCut, end: cut, seed})),
  ...straddleCuts(parsed, cut)
];
const rows: {corpus: string; detector: string; recall: number; benignPercent: number; hijack: string}[] = [];
for (const c of cuts) {
  const detector = await trainAuditDetector(ingestLines(lines.slice(0, c.fit), "fit"));
  const corpus = labelledCorpus(lines.slice(0, c.end), parsed.slice(0, c.end), c.fit, c.seed, 3);
  const mutating = mutatingRequests(corpus.events);
  for (const [name, options] of Object.entries(DETECTORS)) {
    const ids = new Set(detectAuditEvents(detector, corpus.events, options).flagged.map((f) => f.auditID));
    let [attacks, caught, benign, flagged, hijacks, hijacksCaught] = [0, 0, 0, 0, 0, 0];
    corpus.events.forEach((e, i) => {
      const hit = ids.has(e.auditID);
      if (corpus.truth[i] !== null) {
        attacks++;
        if (hit) caught++;
        if (corpus.truth[i] === "hijacked-identity") {
          hijacks++;
          if (hit) hijacksCaught++;
        }
      } else if (mutating[i]) {
        benign++;
        if (hit) flagged++;
      }
    });
    rows.push({
      corpus: `${c.label} (lines ${c.fit}-${c.end}, seed ${c.seed})`,
      detector: name,
      recall: caught / attacks,
      benignPercent: (100 * flagged) / benign,
      hijack: `${hijacksCaught}/${hijacks}`
    });
  }
  detector.model.dispose();
}
const summary = Object.keys(DETECTORS).map((detector) => {
  const mine = rows.filter((r) => r.detector === detector);
  return {
    detector,
    meanRecall: mine.reduce((s, r) => s + r.recall, 0) / mine.length,
    worstRecall: Math.min(...mine.map((r) => r.recall)),
    meanBenignPercent: mine.reduce((s, r) => s + r.benignPercent, 0) / mine.length,
    worstBenignPercent: Math.max(...mine.map((r) => r.benignPercent))
  };
});
if (values.json) console.log(JSON.stringify({cuts, rows, summary}, null, 2));
else {
  const names = Object.keys(DETECTORS);
  console.log(`recall / % of benign mutating requests flagged (hijacked identity caught), g = ${G}\n`);
  console.log(`| corpus | ${names.join(" | ")} |\n|---|${names.map(() => "---").join("|")}|`);
  for (const corpus of [...new Set(rows.map((r) => r.corpus))])
    console.log(
      `| ${corpus} | ${names
        .map((n) => rows.find((r) => r.corpus === corpus && r.detector === n)!)
        .map((r) => `${r.recall.toFixed(3)} / ${r.benignPercent.toFixed(1)} (${r.hijack})`)
        .join(" | ")} |`
    );
  console.log(`\n| detector | mean recall | worst recall | mean benign % | worst benign % |\n|---|---|---|---|---|`);
  for (const s of summary)
    console.log(
      `| ${s.detector} | ${s.meanRecall.toFixed(3)} | ${s.worstRecall.toFixed(3)} | ${s.meanBenignPercent.toFixed(2)} | ${s.worstBenignPercent.toFixed(1)} |`
    );
}
