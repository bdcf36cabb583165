/**
 * DeepLog's HDFS anchor: `npx tsx scripts/detect-hdfs.ts [--seed S] [--validated] [--json]`. Trains every detector on 80% of the normal
 * sessions of data/deeplog-hdfs/hdfs_train.xz (seeded), tests on the other 20% and on all of hdfs_test_abnormal.xz, and
 * prints session-level precision, recall, F1 and F1 at DeepLog's test ratio with 95% bootstrap intervals.
 */
import {parseArgs} from "node:util";
import {readKeySessions} from "../src/node/detectInput.js";
import {DEEPLOG_HDFS, evaluateHdfs, selectHdfsDetector} from "../src/lib/detect/hdfsEvaluation.js";
import type {SessionDetectorSpec} from "../src/lib/detect/sessionDetector.js";

const DIR = "data/deeplog-hdfs";

/**
 * DeepLog's configuration, the end-of-session key, the strict detector, two session-level views (length, key
 * pairs) and their combinations; see docs/detection.md for what each catches and how they were chosen.
 */
const END_RULE: SessionDetectorSpec = {kind: "ngram", window: 10, topG: 9, endKey: true};
const STRICT: SessionDetectorSpec = {kind: "unseen", window: 1, endKey: true};
const SESSION_VIEWS: SessionDetectorSpec[] = [{kind: "length"}, {kind: "cooccurrence"}];
const HDFS_DETECTORS: SessionDetectorSpec[] = [
  {kind: "ngram", window: 10, topG: 9},
  END_RULE,
  {kind: "unseen", window: 1},
  STRICT,
  {kind: "unseen", window: 3, endKey: true},
  ...SESSION_VIEWS,
  {kind: "any", of: SESSION_VIEWS},
  {kind: "any", of: [END_RULE, ...SESSION_VIEWS]},
  {kind: "any", of: [STRICT, ...SESSION_VIEWS]},
  // The n-gram's probability of the end instead of the length range (top-20 of 16 keys: only the end is judged).
  {kind: "any", of: [{kind: "ngram", window: 3, topG: 20, endKey: true, endThreshold: 0.001}, {kind: "cooccurrence"}]}
];

/**
 * Candidates for the validated detector, most informative first (the prior; the order does not read test data):
 * DeepLog's rule with the end key, the end's probability at decreasing thresholds, the two session views, the
 * strict unseen-transition rules. selectHdfsDetector keeps those that fit the false-positive budget on validation.
 */
const CANDIDATES: SessionDetectorSpec[] = [
  END_RULE,
  ...[0.01, 0.001, 0.0001].map((endThreshold): SessionDetectorSpec => ({
    kind: "ngram",
    window: 3,
    topG: 20,
    endKey: true,
    endThreshold
  })),
  ...SESSION_VIEWS,
  STRICT,
  {kind: "unseen", window: 3, endKey: true}
];

async function sessions(name: string): Promise<string[][]> {
  const {files, problems} = await readKeySessions([`${DIR}/${name}`]);
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.reason}`);
  return files[0].sessions.map((s) => s.keys);
}

const {values} = parseArgs({
  options: {
    json: {type: "boolean", default: false},
    seed: {type: "string", default: "42"},
    validated: {type: "boolean", default: false}
  }
});
const json = values.json;
const seed = Number(values.seed);
const started = performance.now();
const normal = await sessions("hdfs_train.xz");
const abnormal = await sessions("hdfs_test_abnormal.xz");
// --validated: the detector chosen on a validation part of the normal training sessions, then tested once.
const selection = values.validated ? await selectHdfsDetector(normal, CANDIDATES, {seed}) : null;
const specs = selection ? [HDFS_DETECTORS[0], selection.chosen] : HDFS_DETECTORS;
const result = await evaluateHdfs(normal, abnormal, specs, {seed});
if (selection && !json) {
  console.log(
    `selection on normal sessions only: fit on ${selection.counts.fit}, validation ${selection.counts.validation} (budget: at most 0.2% flagged)\n`
  );
  console.log("| candidate (in order) | validation FP alone | union FP | kept |\n|---|---|---|---|");
  for (const s of selection.steps)
    console.log(`| ${s.name} | ${s.falsePositives} | ${s.unionFalsePositives} | ${s.added ? "yes" : "no"} |`);
  console.log();
}
if (json) console.log(JSON.stringify(selection ? {selection, ...result} : result, null, 2));
else {
  const {counts} = result;
  const f = (x: number) => x.toFixed(3);
  const ci = ([lo, hi]: [number, number]) => `[${f(lo)}, ${f(hi)}]`;
  console.log(
    `HDFS: ${counts.trainNormal} normal training sessions; test ${counts.testNormal} normal (held out, seed ${result.options.seed}) + ${counts.testAbnormal} abnormal`
  );
  console.log(`DeepLog (CCS 2017): P ${DEEPLOG_HDFS.precision} R ${DEEPLOG_HDFS.recall} F1 ${DEEPLOG_HDFS.f1}\n`);
  console.log(
    "| detector | FP | precision | recall | F1 | FPR | F1 at DeepLog's ratio (95% CI) | missed (length: count) |"
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const d of result.detectors) {
    const m = d.metrics;
    const missed = d.missedByLength
      .slice(0, 4)
      .map(([l, c]) => `${l}: ${c}`)
      .join(", ");
    console.log(
      `| ${d.name} | ${m.falsePositives} | ${f(m.precision)} | ${f(m.recall)} ${ci(d.ci.recall)} | ${f(m.f1)} | ${m.fpr.toFixed(4)} | ${f(m.reweighted.f1)} ${ci(d.ci.reweightedF1)} | ${missed}${d.missedByLength.length > 4 ? ", …" : ""} |`
    );
  }
  console.error(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
}
