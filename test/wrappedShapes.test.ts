// Audit events inside other shapes (GKE Cloud Logging, AKS diagnostic records, CRI and docker container logs, klog
// noise, v1alpha1), each a fixture made from real events by test/fixtures/shapes/makeShapes.ts (see the README there).
import assert from "node:assert/strict";
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import {gzipSync} from "node:zlib";
import {after, before, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {run} from "../src/cli/prepare.js";
import {logEntryToRow} from "../src/lib/ingest/gkeLogEntry.js";
import {ingestText} from "../src/lib/ingest/ingestor.js";
import type {AuditEventRow} from "../src/lib/ingest/types.js";
import {prepareInputs, type PrepareResult} from "../src/node/prepare.js";
import {readLines} from "../src/node/readLines.js";
import {runCaptured} from "./captureCommand.js";

const DIR = "test/fixtures/shapes";
const fixture = (name: string) => join(DIR, name);
let tmp: string;
let source: PrepareResult;
let sourceLines: string[];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-wrapped-"));
  source = await prepareInputs([fixture("source.jsonl")]);
  sourceLines = (await readFile(fixture("source.jsonl"), "utf8")).trimEnd().split("\n");
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

/** The fields a wrapper carries over from the native event (GKE adds user agent and IP, and has no stage). */
const NATIVE: (keyof AuditEventRow)[] = [
  "auditID",
  "time",
  "verb",
  "resource",
  "subresource",
  "namespace",
  "name",
  "apiGroup",
  "user",
  "action",
  "kept"
];
const pick = (rows: AuditEventRow[], fields = NATIVE) =>
  rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])));

async function write(name: string, text: string | Buffer): Promise<string> {
  await writeFile(join(tmp, name), text);
  return join(tmp, name);
}

const ENTRY = (methodName: string, resourceName?: string, extra: Record<string, unknown> = {}) => ({
  protoPayload: {
    "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
    authenticationInfo: {principalEmail: "alice@example.com"},
    methodName,
    ...(resourceName === undefined ? {} : {resourceName}),
    requestMetadata: {callerIp: "203.0.113.7", callerSuppliedUserAgent: "kubectl/v1.29.0"},
    serviceName: "k8s.io",
    status: {},
    ...extra
  },
  insertId: "i-1",
  operation: {id: "op-1", producer: "k8s.io", first: true, last: true},
  timestamp: "2024-05-01T10:00:00.5Z"
});

test("logEntryToRow(GKE entry) reads verb, resource, subresource, group, namespace, name and user like a native event", () => {
  const exec = logEntryToRow(ENTRY("io.k8s.core.v1.pods.exec.create", "core/v1/namespaces/default/pods/web-0/exec"));
  assert.deepEqual(exec, {
    auditID: "op-1",
    stage: null,
    time: Date.UTC(2024, 4, 1, 10, 0, 0, 500),
    verb: "create",
    resource: "pods",
    subresource: "exec",
    namespace: "default",
    name: "web-0",
    apiGroup: "",
    user: "alice@example.com",
    userAgent: "kubectl/v1.29.0",
    sourceIP: "203.0.113.7",
    code: 200,
    action: "create_pods",
    kept: true,
    requestURI: null
  });
  const cases: [string, string | undefined, Partial<AuditEventRow>][] = [
    ["io.k8s.apps.v1.deployments.patch", "apps/v1/namespaces/web/deployments/front", {action: "patch_deployments"}],
    ["io.k8s.core.v1.pods.list", "core/v1/namespaces/kube-system/pods", {action: "list_pods", name: null}],
    ["io.k8s.core.v1.namespaces.get", "core/v1/namespaces/kube-system", {namespace: "kube-system"}],
    ["io.k8s.core.v1.namespaces.create", "core/v1/namespaces/team-a", {namespace: null, name: "team-a"}],
    ["io.k8s.authorization.rbac.v1.clusterroles.delete", undefined, {apiGroup: "rbac.authorization.k8s.io"}],
    ["io.k8s.coordination.v1.leases.update", "coordination.k8s.io/v1/namespaces/kube-system/leases/x", {}],
    ["io.k8s.core.v1.nodes.status.patch", "core/v1/nodes/node-1/status", {subresource: "status", name: "node-1"}],
    ["com.coreos.monitoring.v1.prometheuses.create", undefined, {apiGroup: "monitoring.coreos.com"}]
  ];
  for (const [method, resourceName, expected] of cases) {
    const row = logEntryToRow(ENTRY(method, resourceName)) as AuditEventRow;
    assert.equal(typeof row, "object", method);
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual(row[key as keyof AuditEventRow], value, method);
  }
  const denied = logEntryToRow(
    ENTRY("io.k8s.core.v1.secrets.get", "core/v1/namespaces/a/secrets/s", {status: {code: 7}})
  );
  assert.equal((denied as AuditEventRow).code, 403);
  assert.match(String(logEntryToRow({protoPayload: {"@type": "type.googleapis.com/other"}})), /^not an audit Event/);
  assert.equal(logEntryToRow(ENTRY("")), "missing protoPayload.methodName");
});

test("prepareInputs(GKE entries: JSON lines .gz, gcloud --format=json array) gives the native log's events and actions", async () => {
  const firstStages = source.events; // one event per request, at its first stage, as GKE logs a request once
  const lines = await prepareInputs([fixture("gke-entries.jsonl.gz")]);
  assert.equal(lines.report.inputs[0].format, "gke-jsonl");
  assert.deepEqual([lines.report.accepted, lines.report.rejected], [203, 0]);
  assert.deepEqual(pick(lines.events), pick(firstStages));
  assert.deepEqual(lines.actions, source.actions);
  // Failed requests keep their HTTP code (a Status response); a 2xx is 200 (status.code OK).
  assert.deepEqual(
    lines.events.map((e) => e.code),
    firstStages.map((e) => (e.code !== null && e.code < 300 ? 200 : e.code))
  );
  const pretty = await prepareInputs([fixture("gke-read.json")]);
  assert.equal(pretty.report.inputs[0].format, "gke-json");
  assert.deepEqual(pick(pretty.events), pick(firstStages.slice(0, 30)));
});

test("prepareInputs(AKS Event Hubs bodies, one per line .gz, and a pretty body) reads kube-audit records, counts the others by kind", async () => {
  const lines = await prepareInputs([fixture("aks-eventhubs.jsonl.gz")]);
  assert.equal(lines.report.inputs[0].format, "aks-jsonl");
  assert.deepEqual(pick(lines.events), pick(source.events));
  assert.deepEqual(lines.actions, source.actions);
  assert.deepEqual(lines.report.notAuditEvents, {'AKS category "kube-apiserver"': 4});
  assert.deepEqual(
    lines.report.problems.map((p) => [p.line, p.item]),
    [
      [2, 3],
      [4, 3],
      [6, 3],
      [8, 3]
    ]
  );
  const pretty = await prepareInputs([fixture("aks-records.json")]);
  assert.equal(pretty.report.inputs[0].format, "aks-json");
  assert.deepEqual(pick(pretty.events), pick(source.events.slice(0, 20)));
  // A record with a log that is not JSON is a problem at the line where the record starts, with its index.
  const text = (await readFile(fixture("aks-records.json"), "utf8")).split("\n");
  const logLine = text.findIndex((l) => l.includes('"log": {'));
  const broken = [
    ...text.slice(0, logLine),
    text[logLine].replace('"log": {', '"log": "{oops", "x": {'),
    ...text.slice(logLine + 1)
  ];
  const bad = await prepareInputs([await write("aks-bad.json", broken.join("\n"))]);
  assert.equal(bad.report.accepted, 19);
  assert.deepEqual(bad.report.problems[0].item, 0);
  assert.equal(bad.report.problems[0].line, text.findIndex((l) => l === "    {") + 1);
  assert.match(bad.report.problems[0].reason, /^records\[0\]: properties\.log is not JSON/);
});

test("prepareInputs(CRI log .xz, docker json-file) joins split lines and reports at the line of the first part", async () => {
  for (const name of ["cri-apiserver.log.xz", "docker-apiserver.log"]) {
    const {report, events, actions} = await prepareInputs([fixture(name)]);
    assert.equal(report.inputs[0].format, name.startsWith("cri") ? "cri" : "docker-jsonl");
    assert.deepEqual([report.accepted, report.rejected, report.duplicates], [213, 21, 10], name);
    assert.deepEqual(events, source.events, name);
    assert.deepEqual(actions, source.actions, name);
    assert.deepEqual(report.notAuditEvents, {"klog text": 21}, name);
  }
  // Break the JSON in the last part of a split event: the problem is at the line of its first part.
  const lines: string[] = [];
  for await (const {text} of readLines(fixture("cri-apiserver.log.xz"))) lines.push(text);
  const first = lines.findIndex((l, i) => l.includes(" stdout P ") && !lines[i - 1]?.includes(" stdout P "));
  const last = lines.findIndex((l, i) => i > first && l.includes(" stdout F "));
  lines[last] = lines[last].slice(0, -2);
  const {report} = await prepareInputs([await write("cut.log", lines.join("\n") + "\n")]);
  assert.equal(report.problems[0].line, first + 1);
  assert.match(report.problems[0].reason, /^broken JSON/);
});

test("prepareInputs(30 klog lines before the events) reads the events and counts the noise lines", async () => {
  const {report, events} = await prepareInputs([fixture("klog-then-events.log")]);
  assert.equal(report.inputs[0].format, "audit-jsonl");
  assert.deepEqual([report.accepted, report.rejected], [40, 30]);
  assert.deepEqual(report.notAuditEvents, {"klog text": 30});
  assert.deepEqual(
    report.problems.map((p) => p.line),
    Array.from({length: 30}, (_, i) => i + 1)
  );
  assert.deepEqual(events, ingestText(sourceLines.slice(0, 40).join("\n")).events);
});

test("prepareInputs(v1alpha1 events) takes the API group from objectRef.apiVersion and the time from timestamp", async () => {
  const {events} = await prepareInputs([fixture("v1alpha1.jsonl")]);
  const native = ingestText(sourceLines.slice(0, 40).join("\n")).events;
  assert.deepEqual(pick(events), pick(native));
  assert.ok(events.some((e) => e.apiGroup === "rbac.authorization.k8s.io"));
  assert.ok(events.some((e) => e.apiGroup === "" && e.resource === "pods"));
});

test("perfspec prepare counts JSON lines that are not audit Events by kind and reports bad EventList items per item", async () => {
  const review = (i: number) =>
    JSON.stringify({kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1", request: {uid: `u${i}`}});
  const list = JSON.stringify({
    kind: "EventList",
    apiVersion: "audit.k8s.io/v1",
    items: [JSON.parse(sourceLines[0]), {kind: "Event", auditID: "x"}, JSON.parse(sourceLines[1]), {kind: "Pod"}]
  });
  const lines = [
    sourceLines[2],
    list,
    "I0127 18:28:08.1 1 a.go:1] x",
    ...Array.from({length: 12}, (_, i) => review(i))
  ];
  const path = await write("kinds.jsonl", lines.join("\n"));
  const out = join(tmp, "kinds-out");
  const {code, stderr} = await runCaptured(run, [path, "--out", out]);
  assert.equal(code, 0);
  assert.match(stderr, /not audit events: AdmissionReview ×12, Pod ×1, klog text ×1/);
  assert.match(stderr, /problem: .*kinds\.jsonl:2 item 1: items\[1\]: missing verb/);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
  assert.deepEqual(report.notAuditEvents, {AdmissionReview: 12, Pod: 1, "klog text": 1});
  assert.deepEqual(
    report.problems
      .filter((p: {item?: number}) => p.item !== undefined)
      .map((p: {line: number; item: number}) => [p.line, p.item]),
    [
      [2, 1],
      [2, 3]
    ]
  );
});

test("ingestText(150 kinds of JSON objects) names the first 100 kinds and counts the rest together", () => {
  const text = Array.from({length: 150}, (_, i) => JSON.stringify({kind: `Kind${i}`})).join("\n");
  const {report} = ingestText(text);
  assert.equal(Object.keys(report.notAuditEvents).length, 101);
  assert.equal(report.notAuditEvents["(other kinds)"], 50);
  assert.equal(report.notAuditEvents.Kind0, 1);
});

test("prepareInputs(two different requests with one auditID) keeps both and warns; stages of one request count once", async () => {
  const [a, b] = [JSON.parse(sourceLines[0]), JSON.parse(sourceLines[1])];
  const create = (name: string, stage: string) => ({
    ...a,
    auditID: "shared-1",
    stage,
    verb: "create",
    requestURI: `/api/v1/namespaces/default/secrets?name=${name}`,
    objectRef: {resource: "secrets", namespace: "default", name, apiVersion: "v1"}
  });
  const lines = [
    create("one", "RequestReceived"),
    create("two", "RequestReceived"),
    create("one", "ResponseComplete"),
    create("two", "ResponseComplete"),
    {
      ...b,
      auditID: "shared-1",
      verb: "delete",
      requestURI: "/api/v1/namespaces/default/secrets/one",
      objectRef: {resource: "secrets", namespace: "default", name: "one", apiVersion: "v1"}
    }
  ].map((e) => JSON.stringify(e));
  const path = await write("reused.jsonl", lines.join("\n"));
  const {report, actions, events} = await prepareInputs([path]);
  assert.deepEqual(
    actions.map((x) => x.action),
    ["create_secrets", "create_secrets", "delete_secrets"]
  );
  assert.deepEqual([report.duplicates, report.reusedAuditIDs.requests], [2, 2]);
  assert.deepEqual(report.reusedAuditIDs.examples, ["shared-1", "shared-1"]);
  assert.deepEqual(
    events.map((e) => e.stage),
    ["RequestReceived", "RequestReceived", b.stage ?? null]
  );
  const {stderr} = await runCaptured(run, [path, "--out", join(tmp, "reused-out")]);
  assert.match(stderr, /WARNING: 2 request\(s\) reuse the auditID of an earlier, different request .*"shared-1"/);
});

/**
 * An independent reading of every shape with JSON.parse and string splitting: [auditID, verb, resource] per event.
 * CRI and docker parts are joined per stream; GKE's verb and resource come from methodName.
 */
function independentEvents(name: string, text: string): [string, string, string | null][] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const join = (parts: [string, string, boolean][]) => {
    const open = new Map<string, string>();
    return parts.flatMap(([stream, part, last]) => {
      const whole = (open.get(stream) ?? "") + part;
      if (!last) open.set(stream, whole);
      else open.delete(stream);
      return last ? [whole] : [];
    });
  };
  let values: Json[];
  if (name.startsWith("cri")) {
    const parts = lines.map((l): [string, string, boolean] => {
      const [time, stream, tag] = l.split(" ", 3);
      return [stream, l.slice(time.length + stream.length + tag.length + 3), tag === "F"];
    });
    values = join(parts)
      .filter((p) => p.startsWith("{"))
      .map((p) => JSON.parse(p));
  } else if (name.startsWith("docker")) {
    const parts = lines.map((l): [string, string, boolean] => {
      const {log, stream} = JSON.parse(l);
      return [stream, log.replace(/\n$/, ""), log.endsWith("\n")];
    });
    values = join(parts)
      .filter((p) => p.startsWith("{"))
      .map((p) => JSON.parse(p));
  } else if (/\.json(\.|$)/.test(name)) values = [JSON.parse(text)].flat();
  else values = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  const events = values.flatMap((v) =>
    v.records === undefined
      ? [v]
      : v.records
          .filter((r) => r.category.startsWith("kube-audit"))
          .map((r) =>
            typeof r.properties.log === "string" ? (JSON.parse(r.properties.log) as Json) : r.properties.log
          )
  );
  return events.map((e): [string, string, string | null] => {
    if (e.protoPayload === undefined) return [e.auditID, e.verb, e.objectRef?.resource ?? null];
    const method = e.protoPayload.methodName.split(".");
    return [e.operation.id, method[method.length - 1], method[method.findIndex((p) => /^v\d/.test(p)) + 1]];
  });
}

/** The fields the independent parse reads, in every shape. */
interface Json {
  auditID: string;
  verb: string;
  objectRef?: {resource?: string};
  protoPayload?: {methodName: string};
  operation: {id: string};
  records?: {category: string; properties: {log: string | Json}}[];
}

test("perfspec prepare on a directory of every shape (plain, .gz, .xz) gives the actions, order and counts of an independent parse", async () => {
  const dir = join(tmp, "mixed");
  await mkdir(dir);
  const names = [
    "cri-apiserver.log.xz",
    "gke-entries.jsonl.gz",
    "aks-eventhubs.jsonl.gz",
    "gke-read.json",
    "aks-records.json",
    "docker-apiserver.log",
    "klog-then-events.log",
    "v1alpha1.jsonl",
    "source.jsonl"
  ];
  const paths: string[] = [];
  for (const [i, name] of names.entries()) {
    // Names that say nothing of the shape; every other plain file gzip-compressed here.
    const path = join(dir, `input-${i}${name.endsWith(".xz") ? ".xz" : ""}`);
    if (name.endsWith(".xz") || name.endsWith(".gz") || i % 2 === 0) await copyFile(fixture(name), path);
    else await writeFile(path, gzipSync(await readFile(fixture(name))));
    paths.push(path);
  }
  const texts: string[] = [];
  for (const name of names) {
    const lines: string[] = [];
    for await (const {text} of readLines(fixture(name))) lines.push(text); // decompression only
    texts.push(lines.join("\n"));
  }
  const perFile = names.map((name, i) => independentEvents(name, texts[i]));
  const drop = (verb: string, resource: string | null) =>
    ["get", "list", "watch"].includes(verb) || ["events", "leases", "replicationcontrollers"].includes(resource ?? "");
  for (const keepStages of [false, true]) {
    const out = join(tmp, `mixed-out-${keepStages}`);
    const {code} = await runCaptured(run, [...paths, "--out", out, "-q", ...(keepStages ? ["--keep-stages"] : [])]);
    assert.equal(code, 0);
    const seen = new Set<string>();
    const expected: string[] = [];
    for (const [auditID, verb, resource] of perFile.flat()) {
      if (!keepStages && seen.has(auditID)) continue;
      seen.add(auditID);
      if (!drop(verb, resource)) expected.push(`${verb}_${resource ?? ""}`);
    }
    const table = tableFromIPC(await readFile(join(out, "actions.arrow")));
    assert.deepEqual(table.getChild("action")?.toArray(), expected, `keep stages: ${keepStages}`);
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
    assert.deepEqual(
      report.inputs.map((input: {file: string; accepted: number}) => [basename(input.file), input.accepted]),
      perFile.map((events, i) => [basename(paths[i]), events.length])
    );
    const all = perFile.flat();
    assert.equal(report.duplicates, all.length - new Set(all.map(([id]) => id)).size);
    // Problems point into the original (decompressed) files: the stderr, klog and other-category lines.
    const noise = (text: string) =>
      text
        .split("\n")
        .flatMap((l, i) =>
          / stderr F |"stream":"stderr"|^I\d{4} |"category":"kube-apiserver"/.test(l) ? [i + 1] : []
        );
    assert.deepEqual(
      report.problems.map((p: {file: string; line: number}) => `${basename(p.file)}:${p.line}`),
      texts.flatMap((text, i) => noise(text).map((line) => `${basename(paths[i])}:${line}`))
    );
  }
});
