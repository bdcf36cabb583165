import assert from "node:assert/strict";
import {test} from "node:test";
import {ALL, actionRows, filterActions, filterChoices, timeSpan} from "../src/lib/actionFilters.js";
import {recordsFromRows} from "../src/lib/learn/sequences.js";
import {tableFromIPC, tableToIPC} from "apache-arrow";
import {actionsToTable, eventsToTable} from "../src/lib/ingest/arrowTables.js";
import {eventSummary} from "../src/lib/eventSummary.js";

const t0 = Date.UTC(2023, 0, 27, 10, 0, 0);
const rows = actionRows([
  {action: "create_namespaces", time: BigInt(t0), user: "admin", namespace: null},
  {action: "get_pods", time: t0 + 1500, user: "kubelet", namespace: "kube-system"},
  {action: "get_secrets", time: t0 + 4000, user: "admin", namespace: "default"},
  {action: "list_nodes", time: null, user: null, namespace: null}
]);
const everything = {verb: ALL, resource: ALL, namespace: ALL, user: ALL, from: 0, to: 4};

test("recordsFromRows(rows) turns BigInt times into numbers and missing columns into null", () => {
  assert.deepEqual(recordsFromRows([{action: "get_pods", time: 1674800000000n}, {action: "list_nodes"}]), [
    {action: "get_pods", time: 1674800000000, user: null, namespace: null},
    {action: "list_nodes", time: null, user: null, namespace: null}
  ]);
});

test("recordsFromRows(table) reads an Arrow actions table column by column, as its rows read, nulls included", () => {
  const records = [
    {action: "create_namespaces", time: t0, user: "admin", namespace: null},
    {action: "get_pods", time: t0 + 1500, user: "kubelet", namespace: "kube-system"},
    {action: "list_nodes", time: null, user: null, namespace: null}
  ];
  // Through IPC, as a page reads actions.arrow.
  const table = tableFromIPC(tableToIPC(actionsToTable(records), "stream"));
  assert.deepEqual(recordsFromRows(table), records);
  assert.deepEqual(recordsFromRows(table), recordsFromRows([...table]));
});

test("eventSummary(events) counts the events and finds their first and last timestamps; null without any", () => {
  const event = {
    stage: "ResponseComplete",
    verb: "get",
    resource: "pods",
    subresource: null,
    namespace: null,
    name: null,
    apiGroup: null,
    user: "admin",
    userAgent: null,
    sourceIP: null,
    code: 200,
    action: "get_pods",
    kept: false
  };
  const rows = [
    {...event, auditID: "1", time: t0 + 4000},
    {...event, auditID: "2", time: t0},
    {...event, auditID: "3", time: null}
  ];
  const events = tableFromIPC(tableToIPC(eventsToTable(rows), "stream"));
  assert.deepEqual(eventSummary(events), {count: 3, first: t0, last: t0 + 4000});
  assert.deepEqual(eventSummary({numRows: 2, getChild: () => null}), {count: 2, first: null, last: null});
});

test("actionRows(rows) numbers the actions, splits verb and resource, dates times and names missing groups (none)", () => {
  assert.deepEqual(rows[0], {
    index: 0,
    action: "create_namespaces",
    verb: "create",
    resource: "namespaces",
    time: new Date(t0),
    user: "admin",
    namespace: "(none)"
  });
  assert.deepEqual(rows[3], {
    index: 3,
    action: "list_nodes",
    verb: "list",
    resource: "nodes",
    time: null,
    user: "(none)",
    namespace: "(none)"
  });
});

test("filterChoices(rows, key) offers (all), then the values most frequent first", () => {
  assert.deepEqual(filterChoices(rows, "verb"), [ALL, "get", "create", "list"]);
  assert.deepEqual(filterChoices(rows, "user"), [ALL, "admin", "(none)", "kubelet"]);
});

test("timeSpan(rows) starts at the first timestamp and spans whole seconds; no timestamps span 0", () => {
  assert.deepEqual(timeSpan(rows), {t0, span: 4});
  assert.deepEqual(timeSpan(rows.slice(3)), {t0: 0, span: 0});
});

test("filterActions(rows, filters, span) keeps the rows every filter allows; untimed rows pass the time window", () => {
  const indices = (filters: typeof everything) => filterActions(rows, filters, timeSpan(rows)).map((d) => d.index);
  assert.deepEqual(indices(everything), [0, 1, 2, 3]);
  assert.deepEqual(indices({...everything, verb: "get"}), [1, 2]);
  assert.deepEqual(indices({...everything, verb: "get", user: "admin"}), [2]);
  assert.deepEqual(indices({...everything, from: 1, to: 2}), [1, 3]);
});
