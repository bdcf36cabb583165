/**
 * Behind src/data/detection.json: issue 10's attack protocol on the embedded derived audit log (as
 * `scripts/detect-attacks.ts` runs it, n-gram only), and every event of its labelled test part ranked by the
 * detector the protocol tests, so the Detection page can recompute the detector at any g; and the flags of
 * `--high-recall` at every g (it depends on more than ranks: see flagSets.ts).
 */
import {basename} from "node:path";
import {attackCorpora, runAttackProtocol} from "../src/lib/detect/attackProtocol.js";
import {detectAuditEvents, HIGH_RECALL, trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {packFlags, type FlagSets} from "../src/lib/detect/flagSets.js";
import {TECHNIQUE_NAMES} from "../src/lib/detect/injectAttacks.js";
import {rankEvents} from "../src/lib/detect/rankEvents.js";
import {readBenignLines} from "../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG} from "./dataSources.js";

/** The g values the protocol tries (its default), and so the slider's range. */
const TOP_GS = [1, 2, 3, 5, 7, 9, 11, 15];

export async function detectionJson(): Promise<unknown> {
  const {lines, parsed} = await readBenignLines(EMBEDDED_DERIVED_AUDIT_LOG);
  const result = await runAttackProtocol(lines, parsed, {kinds: ["ngram"], topGs: TOP_GS});
  const {trainEvents, test} = attackCorpora(lines, parsed);
  const detector = await trainAuditDetector(trainEvents);
  try {
    const ranked = rankEvents(detector, test.events, test.truth, Math.max(...TOP_GS));
    const {chosen, why, test: curve} = result.choice.ngram;
    const index = new Map(test.events.map((e, i) => [e.auditID, i]));
    const high = result.choice["ngram high-recall"];
    const highRecall: FlagSets = {g: high.chosen, why: high.why, reasons: [], byG: {}};
    for (let g = 1; g <= Math.max(...TOP_GS); ++g) {
      const flagged = detectAuditEvents(detector, test.events, {...HIGH_RECALL, topG: g, followUps: high.followUps});
      highRecall.byG[g] = packFlags(
        flagged.flagged.map((f) => [
          index.get(f.auditID) as number,
          {score: f.score, reasons: f.reasons, rules: f.rules.map((r) => r.rule)}
        ]),
        highRecall.reasons
      );
    }
    return {
      source: basename(EMBEDDED_DERIVED_AUDIT_LOG),
      parts: result.parts,
      g: chosen,
      why,
      gs: TOP_GS,
      curve,
      techniqueNames: TECHNIQUE_NAMES,
      highRecall,
      events: test.events.map((e, i) => ({
        time: e.time,
        user: e.user,
        namespace: e.namespace,
        action: e.action,
        ...ranked[i]
      })),
      detectors: result.detectors.map(({name, layer, evaluation: e}) => ({
        name,
        layer,
        precision: e.precision,
        recall: e.recall,
        f1: e.f1,
        fpPer1kActions: e.fpPer1kActions,
        intervals: e.intervals,
        attacks: e.attacks,
        caught: e.caught,
        falsePositives: e.falsePositives,
        campaigns: e.campaigns ?? null
      }))
    };
  } finally {
    detector.model.dispose();
  }
}
