import assert from "node:assert/strict";
import {test} from "node:test";
import {PERFSPEC_POLICY, policyFilter} from "../src/lib/ingest/cleaningPolicy.js";
import {StringDictionary} from "../src/lib/ingest/columnBuilders.js";
import {PolicyDecisions} from "../src/lib/ingest/policyDecisions.js";

test("PolicyDecisions decides each (verb, resource) pair once and sums dropped events by reason in first-seen order", () => {
  const actions = new StringDictionary();
  const decisions = new PolicyDecisions(policyFilter(PERFSPEC_POLICY), actions);
  const events: [number, number, string, string | null][] = [
    [0, 0, "create", "pods"],
    [1, 1, "get", "leases"],
    [2, 2, "update", "events"],
    [1, 1, "get", "leases"],
    [1, -1, "get", null]
  ];
  const seen = events.map(([v, r, verb, resource]) => {
    const decision = decisions.decide(v, r, verb, resource);
    if (decision.reason !== null) decision.dropped++;
    return decision;
  });
  assert.equal(seen[1], seen[3]);
  assert.deepEqual(actions.values, ["create_pods", "get_leases", "update_events", "get_"]);
  assert.deepEqual(
    seen.map((d) => [d.action, d.reason]),
    [
      [0, null],
      [1, "verb get"],
      [2, "resource events"],
      [1, "verb get"],
      [3, "verb get"]
    ]
  );
  assert.deepEqual(decisions.dropped(), {"verb get": 3, "resource events": 1});
});
