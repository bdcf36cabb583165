// The security preset on the real PerfSPEC-derived audit log (data/perfspec-kubernetes-event-dataset).
import assert from "node:assert/strict";
import {test} from "node:test";
import {PERFSPEC_POLICY, policyFilter} from "../src/lib/ingest/cleaningPolicy.js";
import {prepareInputs} from "../src/node/prepare.js";
import {perfspecFile, perfspecLines} from "./perfspecDataset.js";

test("prepareInputs(derived .jsonl.xz, security) keeps more actions, names subresources, and contains perfspec's", async () => {
  const published = await perfspecLines("events-dataset.txt.xz");
  const {events, actions, report} = await prepareInputs([perfspecFile("derived-audit-events-from-csv.jsonl.xz")], {
    policy: {preset: "security"}
  });
  assert.equal(report.policy.preset, "security");
  assert.equal(actions.length, 3034);
  const names = new Set(actions.map((a) => a.action));
  for (const name of [
    "create_serviceaccounts/token",
    "update_deployments/status",
    "create_pods/binding",
    "get_secrets"
  ])
    assert.ok(names.has(name), name);
  assert.ok(names.has("create_pods:denied") && names.has("list_secrets:denied"));
  assert.ok(!names.has("get_pods") && !names.has("list_serviceaccounts"));
  // Every event perfspec keeps, security keeps too; without its suffixes, their sequence is the published one.
  const perfspec = policyFilter(PERFSPEC_POLICY);
  const kept = events.filter((e) => perfspec.dropReason(e.verb, e.resource) === null);
  assert.ok(kept.every((e) => e.kept));
  assert.deepEqual(
    kept.map((e) => e.action.replace(/\/[^:]*/, "").replace(/:denied$/, "")),
    published.slice(0, 2163)
  );
});
