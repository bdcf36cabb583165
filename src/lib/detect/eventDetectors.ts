/**
 * One small interface for every audit-event detector compared in issue 10's table: each scores every event (higher
 * is more anomalous) and says why. A detector flags an event when its score reaches a threshold chosen on
 * validation. Sequence models (n-gram, LSTM top-g), the rarity baseline, the isolation forest and the supervised
 * classifiers all fit it, so the comparison, the command line and the pages treat them alike.
 */
import {detectAuditEvents, type AuditDetector, type DetectOptions} from "./auditDetector.js";
import type {RowScorer} from "./classifiers.js";
import type {DetectEvent} from "./detectEvent.js";
import {BASE_FEATURES, EventFeaturizer, noveltyReasons} from "./eventFeatures.js";
import {IsolationForest, type IsolationForestOptions} from "./isolationForest.js";

export type DetectorFamily = "sequence" | "baseline" | "unsupervised" | "supervised";

export interface EventScore {
  /** Higher is more anomalous; the detector's threshold turns it into a flag. */
  score: number;
  reasons: string[];
}

export interface EventDetector {
  name: string;
  family: DetectorFamily;
  /** Scores `events` in order, starting each call from the detector's training state. */
  score(events: readonly DetectEvent[]): EventScore[];
}

/**
 * DeepLog's rule (top-g) with context and the threat rules, as `perfspec detect` runs it (with `options`, e.g.
 * HIGH_RECALL): the learned score, or 1 when a threat rule matched (rules are reported apart in the command's output).
 * @example sequenceDetector("n-gram top-15", detector, 15).score(events)[0] // {score: 0.98, reasons: ["not in top-15 …"]}
 */
export function sequenceDetector(
  name: string,
  detector: AuditDetector,
  topG: number,
  options: Partial<DetectOptions> = {}
): EventDetector {
  return {
    name,
    family: "sequence",
    score(events) {
      const out: EventScore[] = events.map(() => ({score: 0, reasons: []}));
      const index = new Map(events.map((e, i) => [e.auditID, i]));
      for (const f of detectAuditEvents(detector, events, {...options, topG}).flagged) {
        const i = index.get(f.auditID);
        if (i === undefined) continue;
        out[i] = {
          score: f.rules.length > 0 ? 1 : Math.max(f.score, 1e-6),
          reasons: [...f.reasons, ...f.rules.map((r) => `rule ${r.rule}: ${r.reason}`)]
        };
      }
      return out;
    }
  };
}

const RARITY_COLUMN = BASE_FEATURES.indexOf("rarity of (user, action)");

/**
 * The rarity baseline: -log of the add-one smoothed frequency of the (user, action) pair in the reference and the
 * events before; an unseen pair scores highest. Every event is scored, reads included.
 * @example rarityDetector(trainEvents).score(events)[0].score // 0.93
 */
export function rarityDetector(reference: readonly DetectEvent[]): EventDetector {
  return {
    name: "rarity of (user, action)",
    family: "baseline",
    score(events) {
      return new EventFeaturizer(reference)
        .rows(events)
        .map((row) => ({score: row[RARITY_COLUMN], reasons: [`rarity ${(row[RARITY_COLUMN] * 10).toFixed(1)} nats`]}));
    }
  };
}

/**
 * A detector over window features: `scorer` (an isolation forest, a trained classifier) scores each event's feature
 * row, computed after `reference` (the benign past). One fitted scorer serves validation and test, each with its own
 * reference.
 * @example featureDetector("KNN k=5", "supervised", trainEvents, trainClassifier(spec, rows, labels))
 */
export function featureDetector(
  name: string,
  family: DetectorFamily,
  reference: readonly DetectEvent[],
  scorer: RowScorer
): EventDetector {
  return {
    name,
    family,
    score(events) {
      const features = new EventFeaturizer(reference).rows(events);
      return scorer(features).map((score, i) => ({
        score,
        reasons: [
          `${family === "supervised" ? "P(attack)" : "isolation score"} ${score.toFixed(2)}`,
          ...noveltyReasons(features[i])
        ]
      }));
    }
  };
}

/**
 * An isolation forest fit on benign feature rows, as a row scorer.
 * @example isolationForestScorer(benignRows, {seed: 42})(rows) // [0.41, 0.77, …]
 */
export function isolationForestScorer(
  benignRows: readonly (readonly number[])[],
  options: IsolationForestOptions = {}
): RowScorer {
  const forest = IsolationForest.fit(benignRows, options);
  return (rows) => rows.map((r) => forest.score(r));
}
