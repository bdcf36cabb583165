/**
 * Behind src/data/live.json: the labelled attack corpus's test part (the embedded derived log's last 30% with attacks
 * of seed 2026, as the Detection page and `scripts/detect-attacks.ts` build it) scored as `perfspec serve` scores a
 * cluster: the default detector trained on the first 70%, fed batches of 400 events (the API server's default
 * webhook batch) through StreamDetector with serve's defaults (the high-recall detector, g = 15). Every event keeps its time and label, every alert
 * what serve would stream, so the Live validation page can replay the stream.
 */
import {basename} from "node:path";
import {attackCorpora} from "../src/lib/detect/attackProtocol.js";
import {trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {TECHNIQUE_NAMES} from "../src/lib/detect/injectAttacks.js";
import {liveAlert} from "../src/lib/live/liveAlert.js";
import {StreamDetector} from "../src/lib/live/streamDetector.js";
import {readBenignLines} from "../src/node/injectFiles.js";
import {DEFAULT_AUDIT_DETECT, DEFAULT_TOP_G} from "../src/cli/detect.js";
import {EMBEDDED_DERIVED_AUDIT_LOG} from "./dataSources.js";

const BATCH = 400;

export async function liveJson(): Promise<unknown> {
  const {lines, parsed} = await readBenignLines(EMBEDDED_DERIVED_AUDIT_LOG);
  const {trainEvents, test} = attackCorpora(lines, parsed);
  const detector = await trainAuditDetector(trainEvents);
  try {
    // serve's defaults: the high-recall detector at the command's g.
    const stream = new StreamDetector(detector, DEFAULT_AUDIT_DETECT);
    const alertOf = new Map<number, ReturnType<typeof liveAlert>>();
    for (let start = 0; start < test.events.length; start += BATCH) {
      const batch = test.events.slice(start, start + BATCH);
      const {flagged} = stream.score(batch);
      for (const {event, flag} of flagged) {
        const index = start + batch.indexOf(event as (typeof batch)[number]);
        alertOf.set(index, liveAlert(alertOf.size + 1, event, flag));
      }
    }
    // The replay clock needs times in stream order: an event logged out of order arrives with the one before it.
    let clock = -Infinity;
    const times = test.events.map((e) => (clock = Math.max(clock, e.time ?? clock)));
    return {
      source: basename(EMBEDDED_DERIVED_AUDIT_LOG),
      g: DEFAULT_TOP_G.audit,
      batch: BATCH,
      techniqueNames: TECHNIQUE_NAMES,
      // Per event, in stream order: arrival time (ms) and technique (null: benign); the alerts with their event's index.
      times,
      techniques: test.truth,
      alerts: [...alertOf].map(([index, alert]) => ({index, ...alert}))
    };
  } finally {
    detector.model.dispose();
  }
}
