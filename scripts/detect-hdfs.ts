/**
 * DeepLog's HDFS anchor: `npx tsx scripts/detect-hdfs.ts [--seed S] [--json]`. Trains every detector on 80% of the normal
 * sessions of data/deeplog-hdfs/hdfs_train.xz (seeded), tests on the other 20% and on all of hdfs_test_abnormal.xz, and
 * prints session-level precision, recall, F1 and F1 at DeepLog's test ratio with 95% bootstrap intervals.
 */
import {parseArgs} from "node:util";
import {readKeySessions} from "../src/node/detectInput.js";
import {DEEPLOG_HDFS, evaluateHdfs} from "../src/lib/detect/hdfsEvaluation.js";
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

async function sessions(name: string): Promise<string[][]> {
  const {files, problems} = await readKeySessions([`${DIR}/${name}`]);
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.reason}`);
  return files[0].sessions.map((s) => s.keys);
}

const {values} = parseArgs({options: {json: {type: "boolean", default: false}, seed: {type: "string", default: "42"}}});
const json = values.json;
const seed = Number(values.seed);
const started = performance.now();
const result = await evaluateHdfs(
  await sessions("hdfs_train.xz"),
  await sessions("hdfs_test_abnormal.xz"),
  HDFS_DETECTORS,
  {
    seed
  }
);
if (json) console.log(JSON.stringify(result, null, 2));
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
