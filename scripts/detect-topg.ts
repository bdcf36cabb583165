/**
 * How `perfspec detect`'s default g was chosen: `npx tsx scripts/detect-topg.ts`. On the PerfSPEC audit log
 * (benign only), actions in record order: the detector is fitted on the first 60% of the kept actions (with every
 * event before them) and judged on the next 20% (validation), then refitted on the first 80% and judged on the last
 * 20% (test). Prints the share of benign actions flagged (sequence rule and context findings; rules off) per g.
 */
import {readDetectEvents} from "../src/node/detectInput.js";
import {detectAuditEvents, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import type {ActorSessions, DetectEvent} from "../src/lib/detect/detectEvent.js";

const DATA = "data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz";
const G = [1, 3, 5, 7, 9, 10, 11, 12, 15];

const {events} = await readDetectEvents([DATA]);
const kept = events.flatMap((e, i) => (e.kept ? [i] : []));
const cut = (f: number) => kept[Math.floor(kept.length * f)];

/** Percent of the scored actions of `test` flagged by a detector fitted on `train`, for each g. */
async function flaggedPercent(
  train: DetectEvent[],
  test: DetectEvent[],
  window: number,
  sessions: ActorSessions = "user"
): Promise<string[]> {
  const detector = await trainAuditDetector(train, {window, sessions});
  try {
    return G.map((topG) => {
      const result = detectAuditEvents(detector, test, {topG, rules: false});
      return ((100 * result.flagged.length) / result.events).toFixed(1);
    });
  } finally {
    detector.model.dispose();
  }
}

console.log(
  `${DATA}: ${events.length} events, ${kept.length} actions; % of benign actions flagged (validation / test)\n`
);
console.log(`| sessions, window | ${G.map((g) => `g=${g}`).join(" | ")} |`);
console.log(`|---|${G.map(() => "---").join("|")}|`);
const rows: [ActorSessions, number][] = [
  ["user", 1],
  ["user", 2],
  ["user", 3],
  ["user-namespace", 2],
  ["global", 2]
];
for (const [sessions, window] of rows) {
  const validation = await flaggedPercent(
    events.slice(0, cut(0.6)),
    events.slice(cut(0.6), cut(0.8)),
    window,
    sessions
  );
  const test = await flaggedPercent(events.slice(0, cut(0.8)), events.slice(cut(0.8)), window, sessions);
  console.log(`| ${sessions}, ${window} | ${G.map((_, i) => `${validation[i]} / ${test[i]}`).join(" | ")} |`);
}
