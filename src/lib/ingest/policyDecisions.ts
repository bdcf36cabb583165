/**
 * The cleaning policy applied per (verb, resource[, subresource, denied]) case: decided once per case, with a count of
 * dropped events.
 */
import type {PolicyFilter} from "./cleaningPolicy.js";
import type {StringDictionary} from "./columnBuilders.js";

/** What the policy does with one (verb, resource, subresource, denied) case. */
export interface PairDecision {
  /** Index of the action (`verb_resource`, with `/subresource` and `:denied` when the policy asks) in the action dictionary. */
  action: number;
  /** Why the policy drops it, or null when kept. */
  reason: string | null;
  /** Events dropped with this decision (summed into report.dropped at the end). */
  dropped: number;
}

/**
 * Memoises the policy by verb, resource and (when the policy uses them) subresource dictionary indexes and the denied
 * flag, so an event costs a few array lookups, not a string concatenation and a policy check.
 * @example
 * const decisions = new PolicyDecisions(policyFilter(PERFSPEC_POLICY), actions);
 * const d = decisions.decide(verbIndex, -1, "get", null); // {action: actions.add("get_"), reason: "verb get", dropped: 0}
 * d.dropped++;
 * decisions.dropped(); // {"verb get": 1}
 */
export class PolicyDecisions {
  /** By verb index, then resource index + 1, then (subresource index + 1) * 2 + denied. */
  private readonly byVerb: (PairDecision | undefined)[][][] = [];
  /** The decisions in the order they were first needed (report.dropped lists reasons in that order). */
  private readonly order: PairDecision[] = [];

  constructor(
    private readonly filter: PolicyFilter,
    private readonly actions: StringDictionary
  ) {}

  /**
   * The decision for a case given as dictionary indexes (`resource`, `subresourceIndex` -1 for none) and as strings.
   * Callers pass no subresource when the filter does not use it (`usesSubresource`), so perfspec memoises per pair.
   */
  decide(
    verbIndex: number,
    resourceIndex: number,
    verb: string,
    resource: string | null,
    subresourceIndex = -1,
    subresource: string | null = null,
    denied = false
  ): PairDecision {
    const byResource = (this.byVerb[verbIndex] ??= []);
    const byCase = (byResource[resourceIndex + 1] ??= []);
    const key = (subresourceIndex + 1) * 2 + (denied ? 1 : 0);
    let decision = byCase[key];
    if (decision === undefined) {
      decision = {
        action: this.actions.add(this.filter.action(verb, resource, subresource, denied)),
        reason: this.filter.dropReason(verb, resource, subresource),
        dropped: 0
      };
      byCase[key] = decision;
      this.order.push(decision);
    }
    return decision;
  }

  /** Dropped events per reason, reasons in the order first met (report.dropped). */
  dropped(): Record<string, number> {
    const dropped: Record<string, number> = {};
    for (const decision of this.order) {
      if (decision.reason !== null && decision.dropped > 0)
        dropped[decision.reason] = (dropped[decision.reason] ?? 0) + decision.dropped;
    }
    return dropped;
  }
}
