// Experiment harness: a detector variant on validation corpora only (never the test part).
import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines, labelledCorpus, mutatingRequests} from "../../src/lib/detect/attackProtocol.js";
import {
  detectAuditEvents,
  HIGH_RECALL,
  trainAuditDetector,
  type DetectOptions
} from "../../src/lib/detect/auditDetector.js";

const {lines, parsed} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const fitCut = Math.floor(cut * 0.8);
// [fit end, judge end, seeds]
const defs: [string, number, number, number[]][] = [
  ["V", fitCut, cut, [1001, 1003, 1004, 1005, 1006]],
  ["E", Math.floor(cut * 0.6), fitCut, [1007, 1008]],
  ["S1", 6050, 8369, [1009]],
  ["S2", 8700, 11019, [1010]],
  ["S3", 10870, cut, [1011]],
  ...[4000, 5000, 6000, 7000, 8000, 9000, 10000, cut - 1200].map(
    (c, k) => [`R${c}`, c, c + 1200, [1012 + k]] as [string, number, number, number[]]
  )
];
const only = process.argv[2]?.split(",");
const variants: Record<string, DetectOptions> = {
  default: {topG: 15},
  hr: {...HIGH_RECALL, topG: 15},
  ...JSON.parse(process.argv[3] ?? "{}")
};
const verbose = process.argv.includes("--verbose");
const cache = new Map<number, Awaited<ReturnType<typeof trainAuditDetector>>>();
const rows: string[] = [];
const sets = process.env.SETS?.split(",");
for (const [name, fit, end, seeds] of defs) {
  if (sets && !sets.some((p) => name.startsWith(p))) continue;
  let det = cache.get(fit);
  if (!det) cache.set(fit, (det = await trainAuditDetector(ingestLines(lines.slice(0, fit), "fit"))));
  for (const seed of seeds) {
    const corpus = labelledCorpus(lines.slice(0, end), parsed.slice(0, end), fit, seed, 3);
    const mut = mutatingRequests(corpus.events);
    for (const [vname, opts] of Object.entries(variants)) {
      if (only && !only.includes(vname)) continue;
      const flagged = detectAuditEvents(det, corpus.events, opts).flagged;
      const byId = new Map(flagged.map((f) => [f.auditID, f]));
      let attacks = 0,
        caught = 0,
        benMut = 0,
        benFl = 0,
        hij = 0,
        hijC = 0,
        benAll = 0;
      const fps: string[] = [];
      corpus.events.forEach((e, i) => {
        const f = byId.get(e.auditID);
        const t = corpus.truth[i];
        if (t !== null) {
          attacks++;
          if (f) caught++;
          if (t === "hijacked-identity") {
            hij++;
            if (f) hijC++;
          } else if (!f && verbose) fps.push(`  MISS ${t} ${e.user} ${e.namespace} ${e.action}`);
          if (t === "hijacked-identity" && !f && verbose)
            fps.push(`  MISS hijack ${e.user} ${e.namespace} ${e.action}`);
        } else {
          if (f) benAll++;
          if (mut[i]) {
            benMut++;
            if (f) {
              benFl++;
              if (verbose)
                fps.push(
                  `  FP ${i} ${e.user} ${e.namespace} ${e.action} ${e.name} | ${f.reasons.join("; ")} | ${f.rules.map((r) => r.rule).join(",")}`
                );
            }
          }
        }
      });
      rows.push(
        `${name}/${seed}\t${vname}\trecall ${(caught / attacks).toFixed(3)} (${caught}/${attacks})\tbenign ${((100 * benFl) / benMut).toFixed(1)}% (${benFl}/${benMut})\thijack ${hijC}/${hij}\tbenignAll ${benAll}`
      );
      console.log(rows.at(-1));
      if (verbose) console.log(fps.join("\n"));
    }
  }
}
