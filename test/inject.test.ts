import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {run as detect} from "../src/cli/detect.js";
import {run as inject} from "../src/cli/inject.js";
import {injectAttacks, mergeInjections, TECHNIQUES} from "../src/lib/detect/injectAttacks.js";
import {Ingestor} from "../src/lib/ingest/ingestor.js";

/** 300 real lines (5,001-5,300) of the PerfSPEC-derived audit events: writes by several identities. */
const FIXTURE = "test/fixtures/detect/perfspec-derived-5001-5300.jsonl";
const LINES = readFileSync(FIXTURE, "utf8").trim().split("\n");
const PARSED = LINES.map((line) => JSON.parse(line) as Record<string, unknown>);
const dir = mkdtempSync(join(tmpdir(), "perfspec-inject-"));
after(() => rmSync(dir, {recursive: true, force: true}));

function ingest(lines: readonly string[]) {
  const ingestor = new Ingestor();
  ingestor.beginFile("attacked.jsonl", "audit-jsonl");
  lines.forEach((text, i) => ingestor.addLine("attacked.jsonl", i + 1, text));
  ingestor.endFile("attacked.jsonl");
  return ingestor.finish();
}

test("injectAttacks(lines, {seed: 3, campaigns: 1}) gives every technique events that prepare's ingest accepts", () => {
  const {injections, labels} = injectAttacks(PARSED, {seed: 3, campaigns: 1});
  const merged = mergeInjections(LINES, injections);
  const {report, events} = ingest(merged);
  assert.equal(report.rejected, 0);
  // 36 requests, two of them execs with ResponseStarted and ResponseComplete stages: 38 lines, 36 events.
  assert.equal(merged.length, 300 + 38);
  assert.equal(report.duplicates, 2);
  const counts: Record<string, number> = {};
  for (const e of events) if (labels[e.auditID]) counts[labels[e.auditID]] = (counts[labels[e.auditID]] ?? 0) + 1;
  assert.deepEqual(counts, {
    "recon-access-review": 4,
    "pods-exec": 3,
    "kube-system-pod": 3,
    "persistence-workload": 3,
    "clusterrolebinding-escalation": 3,
    "serviceaccount-token-theft": 2,
    "secrets-other-namespace": 3,
    "admission-webhook": 3,
    "csr-approval": 3,
    "anonymous-denied": 5,
    "hijacked-identity": 4
  });
  assert.deepEqual(Object.keys(counts).sort(), [...TECHNIQUES].sort());
  const exec = events.filter((e) => labels[e.auditID] === "pods-exec" && e.subresource === "exec");
  assert.deepEqual(
    exec.map((e) => [e.verb, e.resource, e.subresource, e.code, e.action, e.kept]),
    [
      ["create", "pods", "exec", 101, "create_pods", true],
      ["create", "pods", "exec", 101, "create_pods", true]
    ]
  );
  // The shape of the input's events: the same keys (less the derivation note), Metadata level, v1.
  const benignKeys = Object.keys(PARSED.find((e) => e.objectRef) ?? {}).filter((k) => k !== "_derived_from");
  for (const {events: stages} of injections)
    for (const e of stages) {
      assert.deepEqual(Object.keys(e), benignKeys);
      assert.equal(e.apiVersion, "audit.k8s.io/v1");
    }
});

test("injectAttacks labels exactly the injected auditIDs, none of them a benign one", () => {
  const {injections, labels} = injectAttacks(PARSED, {seed: 3, campaigns: 2});
  const injected = new Set(injections.flatMap((i) => i.events.map((e) => e.auditID as string)));
  assert.deepEqual(Object.keys(labels).sort(), [...injected].sort());
  for (const i of injections) for (const e of i.events) assert.equal(labels[e.auditID as string], i.technique);
  const benign = new Set(PARSED.map((e) => e.auditID));
  assert.equal([...injected].filter((id) => benign.has(id)).length, 0);
  assert.equal(injected.size, 71);
});

test("injectAttacks with the same seed is deterministic, and another seed differs", () => {
  const a = injectAttacks(PARSED, {seed: 3, campaigns: 1});
  assert.deepEqual(injectAttacks(PARSED, {seed: 3, campaigns: 1}), a);
  assert.deepEqual(Object.entries(a.labels)[0], ["da60c2c8-bbe2-4544-a367-59ceef174326", "recon-access-review"]);
  assert.deepEqual(
    a.injections.slice(0, 3).map((i) => i.after),
    [56, 59, 60]
  );
  assert.notDeepEqual(Object.keys(injectAttacks(PARSED, {seed: 4, campaigns: 1}).labels), Object.keys(a.labels));
});

test("injected events interleave with the benign ones in file order and in time", () => {
  const {injections} = injectAttacks(PARSED, {seed: 3, campaigns: 1});
  const ms = (e: Record<string, unknown>) => Date.parse(e.requestReceivedTimestamp as string);
  // Spread through the log, not appended at the end.
  assert.deepEqual(
    [Math.min(...injections.map((i) => i.after)), Math.max(...injections.map((i) => i.after))],
    [56, 299]
  );
  let notBeforeNext = 0;
  for (const i of injections) {
    const t = ms(i.events[0]);
    assert.ok(t >= ms(PARSED[i.after]), `${i.technique} at line ${i.after} is earlier than the line it follows`);
    if (i.after + 1 < PARSED.length && t > ms(PARSED[i.after + 1])) ++notBeforeNext;
  }
  // Where the benign lines themselves go back in time, a campaign keeps its own order.
  assert.equal(notBeforeNext, 1);
  const merged = mergeInjections(LINES, injections);
  assert.deepEqual(
    merged.filter((line) => LINES.includes(line)),
    LINES
  );
});

test("injectAttacks({start}) leaves the first lines free of attacks", () => {
  const {injections} = injectAttacks(PARSED, {seed: 3, campaigns: 1, start: 250});
  assert.equal(Math.min(...injections.map((i) => i.after)), 251);
  assert.throws(() => injectAttacks(PARSED, {techniques: ["nope" as never]}), /unknown technique "nope"/);
});

test("perfspec inject writes the log and labels; detect --train benign flags the injected pods/exec", async () => {
  const out = join(dir, "attacked.jsonl");
  const labelsPath = join(dir, "labels.json");
  const benign = "test/fixtures/detect/benign.jsonl";
  const injected = await runCaptured(inject, [
    benign,
    "--out",
    out,
    "--labels",
    labelsPath,
    "--seed",
    "5",
    "--techniques",
    "pods-exec",
    "--campaigns",
    "1"
  ]);
  assert.equal(injected.code, 0);
  const labels = JSON.parse(readFileSync(labelsPath, "utf8"));
  assert.deepEqual(Object.keys(labels), ["format", "version", "source", "seed", "techniques", "labels"]);
  const ids = Object.keys(labels.labels);
  assert.equal(ids.length, 2);
  const {code, stdout} = await runCaptured(detect, ["--train", benign, out, "--json"]);
  assert.equal(code, 0);
  const flagged = JSON.parse(stdout).flagged as {auditID: string; rules: {rule: string}[]; reasons: string[]}[];
  const exec = flagged.filter((f) => f.rules.some((r) => r.rule === "pods-exec"));
  assert.equal(exec.length, 1);
  assert.ok(ids.includes(exec[0].auditID));
  // alice (the busiest writer: the "stolen admin kubeconfig") gets the pod, then exec's, from the attacker's machine:
  // the default (high-recall) detector judges the get by its context, so the novelties are the get's.
  const get = flagged.find((f) => f.auditID !== exec[0].auditID && ids.includes(f.auditID));
  assert.deepEqual(get?.reasons, [
    "first action of this user in kube-system",
    "first get_pods by this user",
    "new user agent for this user: kubectl/v1.27.3 (linux/amd64) kubernetes/25b4e43",
    "new source IP for this user: 10.244.1.219"
  ]);
  assert.deepEqual(exec[0].reasons, ["first create_pods by this user"]);
});

test("perfspec inject without --labels is a usage error (exit 2)", async () => {
  const {code, stderr} = await runCaptured(inject, [
    "test/fixtures/detect/benign.jsonl",
    "--out",
    join(dir, "x.jsonl")
  ]);
  assert.equal(code, 2);
  assert.match(stderr, /--out and --labels are required/);
});
