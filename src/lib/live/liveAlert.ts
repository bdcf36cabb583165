/** What `perfspec serve` streams for each flagged event, and what the Live validation page shows. */
import type {FlaggedEvent} from "../detect/auditDetector.js";
import type {DetectEvent} from "../detect/detectEvent.js";
import type {RuleHit} from "../detect/threatRules.js";

export interface LiveAlert {
  /** Increasing per server (the server-sent event's id, so a reconnecting page asks for what it missed). */
  id: number;
  /** The request's time (requestReceivedTimestamp, epoch ms), or null. */
  time: number | null;
  auditID: string;
  user: string | null;
  namespace: string | null;
  action: string;
  subresource: string | null;
  name: string | null;
  sourceIP: string | null;
  userAgent: string | null;
  code: number | null;
  /** The learned layers' score (0..1; 0 when only rules hit), as `perfspec detect` reports it. */
  score: number;
  reasons: string[];
  rules: RuleHit[];
  expected: string[];
}

/**
 * The alert for one flagged event.
 * @example liveAlert(7, event, flag) // {id: 7, auditID: "…", action: "create_pods", score: 0.86, reasons: […], …}
 */
export function liveAlert(id: number, event: DetectEvent & {time?: number | null}, flag: FlaggedEvent): LiveAlert {
  return {
    id,
    time: event.time ?? null,
    auditID: flag.auditID,
    user: flag.user,
    namespace: flag.namespace,
    action: flag.action,
    subresource: event.subresource,
    name: event.name,
    sourceIP: event.sourceIP,
    userAgent: event.userAgent,
    code: event.code,
    score: flag.score,
    reasons: flag.reasons,
    rules: flag.rules,
    expected: flag.expected
  };
}
