/** Detection fixtures for tests: events with plain defaults, overridden by whatever fields a test gives. */
import type {DetectEvent} from "../src/lib/detect/detectEvent.js";
import type {RankedEvent} from "../src/lib/detect/topGSweep.js";

/** A DetectEvent: alice creating a deployment in dev. */

export const detectEvent = (fields: Partial<DetectEvent>): DetectEvent => ({
  auditID: "id",
  verb: "create",
  resource: "deployments",
  subresource: null,
  namespace: "dev",
  name: null,
  user: "alice",
  userAgent: null,
  sourceIP: null,
  code: 200,
  action: "create_deployments",
  kept: true,
  ...fields
});

/** A RankedEvent: a benign, kept, mutating event at rank 0 with probability 0.5, no reasons and no rule hits. */
export const rankedEvent = (fields: Partial<RankedEvent>): RankedEvent => ({
  technique: null,
  kept: true,
  mutating: true,
  rank: 0,
  probability: 0.5,
  unseen: false,
  contextReasons: [],
  contextScore: 0,
  rules: [],
  ...fields
});
