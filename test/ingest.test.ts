import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC, tableToIPC} from "apache-arrow";
import {actionLineToRecord} from "../src/lib/ingest/actionList.js";
import {actionsToTable, eventsToTable, tableToActions} from "../src/lib/ingest/arrowTables.js";
import {auditEventToRow} from "../src/lib/ingest/auditEvent.js";
import {PERFSPEC_POLICY, actionName, policyFilter, resolvePolicy} from "../src/lib/ingest/cleaningPolicy.js";
import {detectFormat, requireFormat} from "../src/lib/ingest/detectFormat.js";
import {Ingestor, ingestText} from "../src/lib/ingest/ingestor.js";
import {logstashRecordToRow} from "../src/lib/ingest/logstashCsv.js";
import {checkRepetition, smallestPeriod} from "../src/lib/ingest/repetition.js";
import {parseRequestUri} from "../src/lib/ingest/requestUri.js";
import {parseTimestampMs} from "../src/lib/ingest/timestamp.js";

const event = (fields: Record<string, unknown>) =>
  JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    stage: "ResponseComplete",
    ...fields
  });

test("parseTimestampMs(rfc3339) keeps milliseconds of micro/nanosecond times and applies offsets", () => {
  assert.equal(parseTimestampMs("2023-01-27T18:28:08.129781Z"), Date.UTC(2023, 0, 27, 18, 28, 8, 129));
  assert.equal(parseTimestampMs("2023-01-27T18:28:08.123456789+01:00"), Date.UTC(2023, 0, 27, 17, 28, 8, 123));
  assert.equal(parseTimestampMs("2023-01-27T18:28:08Z"), Date.UTC(2023, 0, 27, 18, 28, 8));
  assert.equal(parseTimestampMs("yesterday"), null);
  assert.equal(parseTimestampMs(42), null);
});

test("parseRequestUri(uri) reads namespace and API group like the API server", () => {
  assert.deepEqual(parseRequestUri("/api/v1/namespaces/kube-flannel/configmaps?watch=true"), {
    namespace: "kube-flannel",
    apiGroup: ""
  });
  assert.deepEqual(parseRequestUri("/apis/apps/v1/namespaces/argo-cd/deployments/x"), {
    namespace: "argo-cd",
    apiGroup: "apps"
  });
  assert.deepEqual(parseRequestUri("/apis/storage.k8s.io/v1/csidrivers?limit=500"), {
    namespace: null,
    apiGroup: "storage.k8s.io"
  });
  assert.deepEqual(parseRequestUri("/api/v1/namespaces/cert-manager"), {namespace: "cert-manager", apiGroup: ""});
  assert.deepEqual(parseRequestUri("/apis/events.k8s.io/v1?timeout=32s"), {namespace: null, apiGroup: null});
  assert.deepEqual(parseRequestUri("/healthz"), {namespace: null, apiGroup: null});
});

test("auditEventToRow(v1 event) reads every column and derives verb_resource", () => {
  const row = auditEventToRow(
    JSON.parse(
      event({
        auditID: "a1",
        verb: "patch",
        user: {username: "kubernetes-admin"},
        userAgent: "helm/v3",
        sourceIPs: ["10.0.0.1", "10.0.0.2"],
        objectRef: {resource: "deployments", subresource: "scale", namespace: "web", name: "api", apiGroup: "apps"},
        responseStatus: {code: 200},
        requestReceivedTimestamp: "2023-01-27T18:28:08.5Z"
      })
    )
  );
  assert.deepEqual(row, {
    auditID: "a1",
    stage: "ResponseComplete",
    time: Date.UTC(2023, 0, 27, 18, 28, 8, 500),
    verb: "patch",
    resource: "deployments",
    subresource: "scale",
    namespace: "web",
    name: "api",
    apiGroup: "apps",
    user: "kubernetes-admin",
    impersonator: null,
    impersonatedUser: null,
    userAgent: "helm/v3",
    sourceIP: "10.0.0.1",
    code: 200,
    action: "patch_deployments",
    kept: true,
    requestURI: null
  });
});

test("auditEventToRow(v1beta1 event) falls back to `timestamp` and treats a missing apiGroup as core", () => {
  const row = auditEventToRow({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1beta1",
    auditID: "b",
    verb: "create",
    timestamp: "2019-03-01T10:00:00.25Z",
    objectRef: {resource: "pods"}
  });
  assert.ok(typeof row !== "string");
  assert.equal(row.time, Date.UTC(2019, 2, 1, 10, 0, 0, 250));
  assert.equal(row.apiGroup, "");
  assert.equal(row.action, "create_pods");
});

test("auditEventToRow(value) returns a reason for values that are not usable events", () => {
  assert.equal(auditEventToRow([1]), "not an audit Event (a JSON array)");
  assert.equal(auditEventToRow(null), "not an audit Event (a JSON null)");
  assert.match(String(auditEventToRow({kind: "Pod"})), /kind "Pod"/);
  assert.equal(auditEventToRow({kind: "Event", auditID: "x"}), "missing verb");
  assert.equal(auditEventToRow({kind: "Event", verb: 3}), "verb is not a non-empty string");
});

test("auditEventToRow(non-resource request) gives the empty resource action `verb_` like parse.py", () => {
  const row = auditEventToRow({kind: "Event", auditID: "n", verb: "get", requestURI: "/healthz"});
  assert.ok(typeof row !== "string");
  assert.equal(row.action, "get_");
  assert.equal(row.resource, null);
  assert.equal(row.apiGroup, null);
});

test("logstashRecordToRow(15 columns) reads the namespace and API group from requestURI", () => {
  const record = [
    '{"name":"k8s-master-perfspec"}',
    "2023-01-27T18:28:08.129781Z",
    "system:node:n1",
    "create",
    "pods",
    "",
    "web-0",
    "",
    "/apis/apps/v1/namespaces/shop/pods",
    "id-1",
    "ResponseComplete",
    "201",
    "",
    "",
    ""
  ];
  const row = logstashRecordToRow(record);
  assert.ok(typeof row !== "string");
  assert.deepEqual(
    [row.namespace, row.apiGroup, row.code, row.action, row.subresource],
    ["shop", "apps", 201, "create_pods", null]
  );
  assert.match(
    String(logstashRecordToRow(record.slice(0, 10))),
    /expected 15 CSV columns, found 10 \(truncated line\?\)/
  );
});

test("actionLineToRecord(line) accepts verb_resource and rejects anything else", () => {
  assert.deepEqual(actionLineToRecord("update_secrets\r"), {
    action: "update_secrets",
    time: null,
    user: null,
    namespace: null
  });
  assert.equal(typeof actionLineToRecord("create_"), "object");
  assert.equal(typeof actionLineToRecord("<script>alert(1)</script>"), "string");
  assert.equal(typeof actionLineToRecord("two words"), "string");
});

test("detectFormat(head) decides by structure: JSON lines, pretty-printed JSON, Logstash CSV, action list, or null", () => {
  assert.equal(detectFormat(event({auditID: "a", verb: "get"}) + "\n"), "audit-jsonl");
  assert.equal(detectFormat('\uFEFF{\n  "kind": "EventList",\n  "items": [\n'), "audit-json");
  assert.equal(detectFormat('[\n  {\n    "verb": "get",\n'), "audit-json");
  assert.equal(detectFormat('{"apiVersion": "audit.k8s.io/v1",\n"items": [\n'), "audit-json");
  // A first line that is JSON on its own is a JSON line, whatever it names (a webhook batch, a list response).
  assert.equal(
    detectFormat('{"kind":"EventList","items":[{"verb":"get","auditID":"a"}]}\n{"kind":"Eve'),
    "audit-jsonl"
  );
  // A damaged first line followed by whole objects, or cut short with nothing after it, is a damaged JSON line.
  assert.equal(detectFormat('{"kind":"Event","verb":\n' + event({auditID: "a", verb: "get"})), "audit-jsonl");
  assert.equal(
    detectFormat('{"apiVersion":"audit.k8s.io/v1","kind":"EventList","items":[{"verb":"get"'),
    "audit-jsonl"
  );
  assert.equal(detectFormat('{"kind":"EventList","items":[]}\n'), "audit-jsonl");
  assert.equal(
    detectFormat(
      '"{""name"":""k8s""}",2023-01-27T18:28:08.129781Z,u,get,pods,,,,/api/v1/pods,id,ResponseComplete,200,,,\n'
    ),
    "logstash-csv"
  );
  assert.equal(detectFormat("\n\ncreate_pods\nupdate_secrets\n"), "action-list");
  assert.equal(detectFormat("not json\n" + event({auditID: "a", verb: "get"})), "audit-jsonl");
  assert.equal(detectFormat("%PDF-1.4\n"), null);
  assert.throws(() => requireFormat("x.log", " \n\n"), /x\.log: the file is empty/);
  assert.throws(() => requireFormat("x.pdf", "%PDF-1.4\n"), /x\.pdf: unknown format.*%PDF-1\.4/);
});

test("resolvePolicy(overrides) merges into the PerfSPEC default and rejects unknown fields", () => {
  assert.deepEqual(resolvePolicy(), {
    ...PERFSPEC_POLICY,
    dropVerbs: ["get", "list", "watch"],
    dropResources: ["events", "leases", "replicationcontrollers"]
  });
  assert.deepEqual(resolvePolicy({dropVerbs: ["watch"]}).dropVerbs, ["watch"]);
  assert.throws(() => resolvePolicy({dropVerb: ["get"]} as never), /unknown field "dropVerb"/);
  assert.throws(() => resolvePolicy({order: "random" as never}), /order must be/);
  const filter = policyFilter(resolvePolicy({keepVerbs: ["create"]}));
  assert.equal(filter.dropReason("create", "pods"), null);
  assert.equal(filter.dropReason("create", "events"), "resource events");
  assert.equal(filter.dropReason("update", "pods"), "verb update (not in keepVerbs)");
  assert.equal(actionName("delete", null), "delete_");
});

test("smallestPeriod(s) is the KMP period; checkRepetition flags k copies of a block", () => {
  assert.equal(smallestPeriod([1, 2, 3, 1, 2, 3, 1]), 3);
  assert.equal(smallestPeriod([1, 2, 3]), 3);
  const block = Array.from({length: 500}, (_, i) => `a${(i * 7919) % 97}_${i % 13}`);
  const twice = checkRepetition([...block, ...block]);
  assert.equal(twice.repeated, true);
  assert.equal(twice.period, 500);
  assert.equal(twice.copies, 2);
  assert.match(twice.warning ?? "", /2 copies of its first 500 actions/);
  const once = checkRepetition(block);
  assert.equal(once.repeated, false);
  assert.equal(once.warning, undefined);
});

test("checkRepetition flags no short period: two create_secrets, a create/delete cycle, 99-action blocks", () => {
  for (const sequence of [
    ["create_secrets", "create_secrets"],
    ["create_clusterroles", "delete_clusterroles", "create_clusterroles", "delete_clusterroles"],
    Array.from({length: 5000}, (_, i) => (i % 2 === 0 ? "create_pods" : "delete_pods")),
    Array.from({length: 198}, (_, i) => `a${(i % 99) * 7}`)
  ]) {
    const report = checkRepetition(sequence);
    assert.equal(report.repeated, false, sequence.slice(0, 3).join());
    assert.equal(report.warning, undefined);
    assert.ok(report.period !== null && report.period < 100);
  }
  const block = Array.from({length: 100}, (_, i) => `a${i}`);
  assert.match(checkRepetition([...block, ...block]).warning ?? "", /2 copies of its first 100 actions/);
});

test("Ingestor does not warn about two different create_secrets requests", () => {
  const secret = (auditID: string) => event({auditID, verb: "create", objectRef: {resource: "secrets", name: auditID}});
  const {report} = ingestText(`${secret("s1")}\n${secret("s2")}\n`);
  assert.equal(report.actions, 2);
  assert.deepEqual(
    [report.repetition.repeated, report.repetition.period, report.repetition.warning],
    [false, 1, undefined]
  );
});

test("checkRepetition(sequence + part of itself) flags the partial repeat", () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const seq = Array.from({length: 5000}, () => `v_r${Math.floor(random() * 50)}`);
  const report = checkRepetition([...seq, ...seq.slice(1000, 2500)]);
  assert.equal(report.period, null);
  assert.equal(report.repeated, true);
  assert.deepEqual(report.longestRepeat, {length: 1500, firstStart: 1000, secondStart: 5000});
  assert.match(report.warning ?? "", /longest repeat is 1500 actions/);
  assert.equal(checkRepetition(seq).repeated, false);
});

test("checkRepetition's window hashes give what comparing the windows themselves gives", () => {
  // The reference: each window keyed by its own text, first start kept, the same run bookkeeping.
  const reference = (sequence: string[], w: number) => {
    const first = new Map<string, number>();
    let repeated = 0;
    let runShift = -1;
    let runStart = 0;
    let longest: {length: number; firstStart: number; secondStart: number} | null = null;
    for (let start = 0; start + w <= sequence.length; start++) {
      const key = sequence.slice(start, start + w).join(" ");
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, start);
      const shift = earlier !== undefined && start - earlier >= w ? start - earlier : -1;
      if (shift > 0) {
        repeated++;
        if (shift !== runShift) [runShift, runStart] = [shift, start];
        const length = start - runStart + w;
        if (longest === null || length > longest.length)
          longest = {length, firstStart: runStart - shift, secondStart: runStart};
      } else runShift = -1;
    }
    const total = Math.max(0, sequence.length - w + 1);
    return {fraction: total === 0 ? 0 : Math.round((repeated / total) * 1e4) / 1e4, longest};
  };
  let seed = 3;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const alphabet of [2, 3, 26])
    for (const n of [0, 5, 40, 300]) {
      const seq = Array.from({length: n}, () => `a${Math.floor(random() * alphabet)}`);
      for (const sequence of [seq, [...seq, ...seq.slice(n >> 2, n >> 1)], [...seq.slice(0, n >> 1), ...seq]])
        for (const window of [1, 4, 20]) {
          const report = checkRepetition(sequence, {window});
          const expected = reference(sequence, window);
          assert.equal(report.repeatedWindowFraction, expected.fraction, `${alphabet}/${n}/${window}`);
          assert.deepEqual(report.longestRepeat, expected.longest, `${alphabet}/${n}/${window}`);
        }
    }
});

test("Ingestor counts several stages of one auditID once, at the first position, filling missing fields", () => {
  const lines = [
    event({auditID: "w", verb: "create", stage: "ResponseStarted", objectRef: {resource: "pods"}}),
    event({auditID: "x", verb: "update", objectRef: {resource: "secrets"}, responseStatus: {code: 200}}),
    event({
      auditID: "w",
      verb: "create",
      stage: "ResponseComplete",
      objectRef: {resource: "pods"},
      responseStatus: {code: 201}
    }),
    event({auditID: "g", verb: "get", objectRef: {resource: "pods"}})
  ];
  const {events, actions, report} = ingestText(lines.join("\n"));
  assert.deepEqual(
    actions.map((a) => a.action),
    ["create_pods", "update_secrets"]
  );
  assert.equal(events[0].code, 201);
  assert.equal(events[0].stage, "ResponseStarted");
  assert.deepEqual(
    events.map((e) => e.kept),
    [true, true, false]
  );
  assert.deepEqual(
    [report.lines, report.accepted, report.rejected, report.duplicates, report.actions],
    [4, 4, 0, 1, 2]
  );
  assert.deepEqual(report.dropped, {"verb get": 1});
});

test("Ingestor with dedupeByAuditID false keeps every stage, like parse.py", () => {
  const line = event({auditID: "w", verb: "create", objectRef: {resource: "pods"}});
  const {actions, report} = ingestText(`${line}\n${line}\n`, "x", {policy: {dedupeByAuditID: false}});
  assert.equal(actions.length, 2);
  assert.equal(report.duplicates, 1);
});

test("Ingestor with order requestReceived sorts actions by request time (stable, untimed last)", () => {
  const lines = [
    event({auditID: "1", verb: "create", objectRef: {resource: "b"}, requestReceivedTimestamp: "2023-01-01T00:00:02Z"}),
    event({auditID: "2", verb: "create", objectRef: {resource: "none"}}),
    event({auditID: "3", verb: "create", objectRef: {resource: "a"}, requestReceivedTimestamp: "2023-01-01T00:00:01Z"})
  ];
  assert.deepEqual(
    ingestText(lines.join("\n")).actions.map((a) => a.action),
    ["create_b", "create_none", "create_a"]
  );
  const sorted = ingestText(lines.join("\n"), "x", {policy: {order: "requestReceived"}});
  assert.deepEqual(
    sorted.actions.map((a) => a.action),
    ["create_a", "create_b", "create_none"]
  );
});

test("Ingestor caps the stored problems but keeps the true rejected count", () => {
  const ingestor = new Ingestor({maxProblems: 3});
  ingestor.beginFile("f", "audit-jsonl");
  for (let i = 1; i <= 10; i++) ingestor.addLine("f", i, "{broken");
  ingestor.endFile("f");
  const {report} = ingestor.finish();
  assert.equal(report.rejected, 10);
  assert.equal(report.problems.length, 3);
  assert.deepEqual(report.problems[0], {file: "f", line: 1, reason: report.problems[0].reason});
});

test("Ingestor reads an EventList document given line by line, and EventList objects inside JSON lines", () => {
  const items = [event({auditID: "1", verb: "create", objectRef: {resource: "pods"}}), '{"kind":"Event"}'].map((s) =>
    JSON.parse(s)
  );
  const pretty = JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items}, null, 2);
  const {actions, report} = ingestText(pretty);
  assert.deepEqual(
    actions.map((a) => a.action),
    ["create_pods"]
  );
  const secondItem = pretty.split("\n").lastIndexOf("    {") + 1;
  assert.deepEqual(report.problems, [
    {file: "pasted text", line: secondItem, reason: "items[1]: missing verb", item: 1}
  ]);
  const inline = ingestText(
    event({auditID: "0", verb: "delete", objectRef: {resource: "pods"}}) +
      "\n" +
      JSON.stringify({kind: "EventList", items})
  );
  assert.deepEqual(
    inline.actions.map((a) => a.action),
    ["delete_pods", "create_pods"]
  );
});

test("Ingestor reports a broken EventList document with the line of the error", () => {
  const {report} = ingestText('{\n  "kind": "EventList",\n  "items": [\n    {"verb": "a" "b"}\n  ]\n}');
  assert.equal(report.rejected, 1);
  assert.equal(report.problems[0].line, 4);
  assert.match(report.problems[0].reason, /broken JSON/);
});

test("Ingestor reads Logstash CSV with quoted fields and reports a row cut short", () => {
  const row = (id: string, verb: string) =>
    `"{""name"":""m""}",2023-01-27T18:28:08.1Z,"user, with comma",${verb},configmaps,,"n ""quoted""",,/api/v1/namespaces/ns1/configmaps,${id},ResponseComplete,200,,,`;
  const text = [
    row("1", "create"),
    row("2", "update").slice(0, 60),
    row("3", "delete"),
    '"{""name"":""m""}",2023-01-27T18:28:08.1Z,"open quote'
  ].join("\r\n");
  const {events, report} = ingestText(text);
  assert.deepEqual(
    events.map((e) => [e.action, e.user, e.name, e.namespace]),
    [
      ["create_configmaps", "user, with comma", 'n "quoted"', "ns1"],
      ["delete_configmaps", "user, with comma", 'n "quoted"', "ns1"]
    ]
  );
  assert.deepEqual(
    report.problems.map((p) => p.line),
    [2, 4]
  );
});

test("eventsToTable/actionsToTable keep script payloads as plain strings and round-trip through IPC", () => {
  const payload = "<script>alert(1)</script>";
  const {events, actions} = ingestText(
    event({
      auditID: "s",
      verb: "create",
      user: {username: payload},
      objectRef: {resource: "pods", namespace: "<img src=x onerror=alert(1)>", name: payload}
    })
  );
  const eventsTable = tableFromIPC(tableToIPC(eventsToTable(events), "stream"));
  const dict = "Dictionary<Int32, Utf8>";
  assert.deepEqual(
    eventsTable.schema.fields.map((f) => `${f.name}:${f.type}`),
    [
      "auditID:Utf8",
      `stage:${dict}`,
      "time:Timestamp<MILLISECOND, UTC>",
      `verb:${dict}`,
      `resource:${dict}`,
      `subresource:${dict}`,
      `namespace:${dict}`,
      `name:${dict}`,
      `apiGroup:${dict}`,
      `user:${dict}`,
      `impersonator:${dict}`,
      `userAgent:${dict}`,
      `sourceIP:${dict}`,
      "code:Int32",
      `action:${dict}`,
      "kept:Bool"
    ]
  );
  assert.equal(eventsTable.get(0)?.name, payload);
  assert.equal(eventsTable.get(0)?.namespace, "<img src=x onerror=alert(1)>");
  assert.equal(eventsTable.get(0)?.subresource, null);
  const actionsTable = tableFromIPC(tableToIPC(actionsToTable(actions), "stream"));
  assert.deepEqual(
    actionsTable.schema.fields.map((f) => f.name),
    ["action", "time", "user", "namespace"]
  );
  assert.deepEqual(tableToActions(actionsTable), actions);
});

test("Ingestor over several record batches fills later stages into earlier batches and round-trips through IPC", () => {
  const n = 140_000; // three batches of at most 65,536 rows
  const ingestor = new Ingestor();
  ingestor.beginFile("big", "audit-jsonl");
  let line = 0;
  const time = (i: number) => new Date(Date.UTC(2023, 0, 27) + i * 10).toISOString();
  for (let i = 0; i < n; i++) {
    const verb = i % 3 === 0 ? "create" : "get";
    ingestor.addLine(
      "big",
      ++line,
      event({
        auditID: `id-${i}`,
        stage: "ResponseStarted",
        verb,
        objectRef: {resource: `r${i % 7}`},
        requestReceivedTimestamp: time(i)
      })
    );
  }
  // Later stages of requests in the first, second and last batch: code and user are filled in, nothing is added.
  for (const i of [3, 70_000, 139_998]) {
    ingestor.addLine(
      "big",
      ++line,
      event({
        auditID: `id-${i}`,
        verb: i % 3 === 0 ? "create" : "get", // a later stage of the same request: same verb
        objectRef: {resource: `r${i % 7}`},
        user: {username: "u"},
        responseStatus: {code: 201}
      })
    );
  }
  ingestor.endFile("big");
  const {eventsTable, actionsTable, actions, report} = ingestor.finish();
  assert.deepEqual(
    [report.accepted, report.duplicates, eventsTable.numRows, eventsTable.batches.length],
    [n + 3, 3, n, 3]
  );
  const back = tableFromIPC(tableToIPC(eventsTable, "stream"));
  for (const table of [eventsTable, back]) {
    assert.deepEqual(
      [3, 70_000, 139_998].map((i) => [table.get(i)?.code, table.get(i)?.user, table.get(i)?.resource]),
      [
        [201, "u", "r3"],
        [201, "u", "r0"],
        [201, "u", "r5"]
      ]
    );
    assert.equal(table.getChild("code")?.nullCount, n - 3);
    assert.equal(table.get(139_999)?.auditID, "id-139999");
    assert.equal(Number(table.get(100_000)?.time), Date.parse(time(100_000)));
  }
  assert.equal(actions.length, Math.ceil(n / 3));
  assert.deepEqual(actions[1], {action: "create_r3", time: Date.parse(time(3)), user: "u", namespace: null});
  assert.equal(actionsTable.batches.length, 1);
});

test("Ingestor mixes action lists and audit events in input order, and sorts untimed list actions last by time", () => {
  const run = (order: "file" | "requestReceived") => {
    const ingestor = new Ingestor({policy: {order}});
    ingestor.beginFile("list", "action-list");
    ingestor.addLine("list", 1, "create_pods");
    ingestor.endFile("list");
    ingestor.beginFile("log", "audit-jsonl");
    ingestor.addLine(
      "log",
      1,
      event({
        auditID: "a",
        verb: "delete",
        objectRef: {resource: "secrets"},
        requestReceivedTimestamp: "2023-01-01T00:00:00Z"
      })
    );
    ingestor.endFile("log");
    return ingestor.finish();
  };
  const file = run("file");
  assert.deepEqual(
    file.actions.map((a) => a.action),
    ["create_pods", "delete_secrets"]
  );
  assert.deepEqual([file.eventsTable.numRows, file.actionsTable.numRows], [1, 2]);
  assert.deepEqual(
    run("requestReceived").actions.map((a) => a.action),
    ["delete_secrets", "create_pods"]
  );
});

test("parseTimestampMs(fast and general forms) agree", () => {
  for (const s of [
    "2023-01-27T18:28:08.1Z",
    "2023-01-27T18:28:08.12Z",
    "2023-01-27T18:28:08.123456789Z",
    "1970-01-01T00:00:00Z",
    "2023-12-31T23:59:59.999Z"
  ]) {
    assert.equal(parseTimestampMs(s), Date.parse(s.replace(/(\.\d{3})\d+/, "$1")), s);
  }
  assert.equal(parseTimestampMs("2023-01-27T18:28:08.Z"), null);
  assert.equal(parseTimestampMs("2023-01-27t18:28:08z"), Date.UTC(2023, 0, 27, 18, 28, 8));
});

test("Ingestor({expectedEvents}) is only a hint: the auditID index is sized once, the tables and report are the same", () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++)
    lines.push(
      event({
        auditID: `id-${i % 2500}`,
        verb: "create",
        requestURI: "/api/v1/namespaces/a/pods",
        objectRef: {resource: "pods", namespace: "a"},
        stage: i < 2500 ? "RequestReceived" : "ResponseComplete"
      })
    );
  const run = (expectedEvents?: number) => {
    const ingestor = new Ingestor({expectedEvents});
    ingestor.beginFile("log", "audit-jsonl");
    lines.forEach((text, k) => ingestor.addLine("log", k + 1, text));
    const result = ingestor.finish();
    return {events: tableToIPC(result.eventsTable), actions: tableToIPC(result.actionsTable), report: result.report};
  };
  const plain = run();
  assert.equal(plain.report.duplicates, 500);
  for (const hint of [1, 2500, 1e6]) assert.deepEqual(run(hint), plain, `expectedEvents ${hint}`);
});
