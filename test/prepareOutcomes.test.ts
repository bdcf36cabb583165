import assert from "node:assert/strict";
import {access, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {formatSummary, run} from "../src/cli/prepare.js";

// Inputs with no audit events, hand-made in the shapes users have (one or two lines each).
const SHAPES: Record<string, string> = {
  "admission.jsonl":
    '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","userInfo":{"username":"admin"}},"requestReceivedTimestamp":"2023-01-27T18:28:08.000Z"}\n',
  "klog.log":
    'I0127 18:28:08.129781       1 controller.go:615] quota admission added evaluator for: leases.coordination.k8s.io\nW0127 18:28:09.000001       1 lease.go:250] Resetting endpoints for master service "kubernetes"\n',
  "other.csv": "time,user,verb,resource\n2023-01-27T18:28:08Z,admin,create,pods\n",
  "pods.jsonl": '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"}}\n',
  "array.jsonl": '[{"kind":"Event","apiVersion":"audit.k8s.io/v1","verb":"create","objectRef":{"resource":"pods"}}]\n',
  "gce.jsonl":
    '{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"compute.googleapis.com","methodName":"v1.compute.instances.insert"},"insertId":"x1","timestamp":"2024-05-01T10:00:00Z"}\n',
  "aks-apiserver.jsonl":
    '{"records":[{"category":"kube-apiserver","properties":{"log":"I0127 18:28:08.1 1 a.go:1] x","stream":"stderr"}}]}\n',
  "cri-klog.log":
    "2023-01-27T18:28:08.129781Z stderr F I0127 18:28:08.129781       1 controller.go:615] quota admission added evaluator\n"
};

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-outcomes-"));
  for (const [name, text] of Object.entries(SHAPES)) await writeFile(join(tmp, name), text);
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

/** run(argv) with console.error captured: the exit code and what went to stderr. */
async function runCaptured(argv: string[]): Promise<{code: number; stderr: string}> {
  const original = console.error;
  let stderr = "";
  console.error = (...args: unknown[]) => void (stderr += args.join(" ") + "\n");
  try {
    return {code: await run(argv), stderr};
  } finally {
    console.error = original;
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false
  );

test("perfspec prepare exits 2 on usage errors: --order random, --max-line-bytes abc or 1.5, an unknown policy field", async () => {
  const input = "test/fixtures/ingest/audit-logs-head300.csv";
  const out = join(tmp, "usage");
  await writeFile(join(tmp, "policy.json"), '{"dropVerbz": ["get"]}');
  for (const flags of [
    ["--order", "random"],
    ["--max-line-bytes", "abc"],
    ["--max-line-bytes", "1.5"],
    ["--policy", join(tmp, "policy.json")]
  ]) {
    const {code, stderr} = await runCaptured([input, "--out", out, ...flags]);
    assert.equal(code, 2, flags.join(" "));
    assert.match(stderr, /^perfspec prepare: .*\n\nusage:/, flags.join(" "));
  }
  assert.equal(await exists(out), false);
});

test("perfspec prepare exits 3 when no input holds audit events, naming what each looks like and what to do", async () => {
  const expected: Record<string, RegExp> = {
    "admission.jsonl": /AdmissionReview objects .*--audit-log-path/,
    "klog.log": /unknown format, no audit events: it looks like klog text/,
    "other.csv": /a CSV with 4 columns .*PerfSPEC Logstash export/,
    "pods.jsonl": /JSON objects of kind "Pod", not audit\.k8s\.io Events/,
    "array.jsonl": /a JSON array on one line; put one event per line, e\.g\. jq -c '\.\[\]'/,
    "gce.jsonl": /Google Cloud Logging entries with no GKE audit log .*gcloud logging read/,
    "aks-apiserver.jsonl": /Azure diagnostic records .* no kube-audit record; send the kube-audit/,
    "cri-klog.log": /CRI\) log lines .* with no audit Event in them; a container log holds audit events only when/
  };
  for (const [name, message] of Object.entries(expected)) {
    const out = join(tmp, `out-${name}`);
    const {code, stderr} = await runCaptured([join(tmp, name), "--out", out]);
    assert.equal(code, 3, name);
    assert.match(stderr, message, name);
    assert.equal(await exists(out), false, name);
  }
});

test("perfspec prepare warns about an input with no events among good ones and summarises formats once", async () => {
  const out = join(tmp, "mixed");
  const {code, stderr} = await runCaptured([
    "test/fixtures/ingest/audit-events-head300.jsonl",
    "test/fixtures/ingest/audit-logs-head300.csv",
    join(tmp, "admission.jsonl"),
    "--out",
    out
  ]);
  assert.equal(code, 0);
  assert.match(stderr, /^read 601 lines from 3 inputs: 2 audit JSON lines, 1 Logstash CSV in /);
  assert.match(stderr, /WARNING: .*admission\.jsonl: 0 of 1 lines are audit events .*: it looks like AdmissionReview/);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8"));
  assert.equal(report.inputs.length, 3);
});

test("formatSummary(formats) counts the inputs by format, most common first", () => {
  const formats = [...Array(40).fill("audit-jsonl"), ...Array(6).fill("logstash-csv")];
  assert.equal(formatSummary(formats), "46 inputs: 40 audit JSON lines, 6 Logstash CSV");
  assert.equal(formatSummary(["audit-json"]), "1 input: 1 pretty-printed audit JSON");
});
