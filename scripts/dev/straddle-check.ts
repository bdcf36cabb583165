import {readBenignLines} from "../../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../../data-loaders/dataSources.js";
import {ingestLines, labelledCorpus, mutatingRequests, straddleCuts} from "../../src/lib/detect/attackProtocol.js";
import {detectAuditEvents, HIGH_RECALL, trainAuditDetector} from "../../src/lib/detect/auditDetector.js";
const {lines, parsed} = await readBenignLines(DATA);
const cut = Math.floor(lines.length * 0.7);
const verbose = process.argv.includes("--verbose");
const opts = {...HIGH_RECALL, topG: 15, ...JSON.parse(process.argv[2] ?? "{}")};
for (const c of straddleCuts(parsed, cut)) {
  const det = await trainAuditDetector(ingestLines(lines.slice(0, c.fit), "fit"));
  const corpus = labelledCorpus(lines.slice(0, c.end), parsed.slice(0, c.end), c.fit, c.seed, 3);
  const mut = mutatingRequests(corpus.events);
  const flagged = new Map(detectAuditEvents(det, corpus.events, opts).flagged.map((f) => [f.auditID, f]));
  let a = 0,
    ca = 0,
    b = 0,
    fb = 0,
    h = 0,
    ch = 0;
  const fps: string[] = [];
  corpus.events.forEach((e, i) => {
    const f = flagged.get(e.auditID);
    if (corpus.truth[i] !== null) {
      a++;
      if (f) ca++;
      if (corpus.truth[i] === "hijacked-identity") {
        h++;
        if (f) ch++;
      }
    } else if (mut[i]) {
      b++;
      if (f) {
        fb++;
        fps.push(
          `  FP ${e.user} ${e.namespace} ${e.action} ${e.name} | ${f.reasons.join("; ")} | ${f.rules.map((r) => r.rule).join(",")}`
        );
      }
    }
  });
  console.log(
    `${c.label}\tfit ${c.fit} end ${c.end} seed ${c.seed}\trecall ${(ca / a).toFixed(3)}\tbenign ${((100 * fb) / b).toFixed(1)}% (${fb}/${b})\thijack ${ch}/${h}`
  );
  if (verbose) console.log(fps.join("\n"));
  det.model.dispose();
}
