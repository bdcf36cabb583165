/** What an input that gave no audit events looks like, and what to do about it (for error messages). */
import {headLines} from "./headLines.js";
import {binaryProblem} from "./lineProblems.js";

/** An input gave no audit events (unknown format, or every line rejected): `perfspec prepare` exits 3. */
export class NoAuditEventsError extends Error {
  override name = "NoAuditEventsError";
}

export interface InputShape {
  /** What the first lines look like, e.g. "AdmissionReview objects (an admission webhook's log), not audit Events". */
  looksLike: string;
  /** What to do, e.g. a jq command that turns it into audit Event JSON lines. */
  advice: string;
}

const KLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ \S+:\d+\]/;
const CRI = /^\S+ (?:stdout|stderr) [FP] /;
const CONTAINER_ADVICE =
  "a container log holds audit events only when kube-apiserver runs with --audit-log-path=- (stdout); " +
  "otherwise read the audit log file or webhook";
const AUDIT_SOURCES =
  "audit events come from the API server's audit log (--audit-log-path) or an audit webhook (--audit-webhook-config-file)";
const EXPECTED =
  "prepare reads audit Event JSON (one per line, pretty-printed, an EventList or an array), the PerfSPEC Logstash CSV or a verb_resource list";

/**
 * Names the shape of an input from its first lines (a head as for detectFormat) and says what to do.
 * @example describeInput('{"kind":"AdmissionReview",…}\n').looksLike // "AdmissionReview objects (…), not audit Events"
 */
export function describeInput(head: string): InputShape {
  const found = headLines(head);
  // What follows leading noise says more than the noise (klog lines before AdmissionReviews are AdmissionReviews).
  const lines = found.lines.length > 0 ? found.lines : found.noise;
  const first = lines[0] ?? "";
  if (first === "") return {looksLike: "an empty file", advice: EXPECTED};
  const binary = binaryProblem(first);
  if (binary !== null)
    return {looksLike: `binary data (${binary.replace(/ \(binary data\?\)$/, "")})`, advice: EXPECTED};
  if (first.startsWith("{") || first.startsWith("[")) return describeJson(first, lines);
  if (KLOG.test(first)) {
    return {looksLike: "klog text (a Kubernetes component's own log)", advice: AUDIT_SOURCES};
  }
  if (CRI.test(first)) {
    return {
      looksLike: "container runtime (CRI) log lines (`<time> stdout F <text>`) with no audit Event in them",
      advice: CONTAINER_ADVICE
    };
  }
  const columns = csvColumns(first);
  if (columns > 2) {
    return {
      looksLike: `a CSV with ${columns} columns (first line "${printable(first)}")`,
      advice:
        "the only CSV read is the PerfSPEC Logstash export (15 columns, no header, the host as JSON first); turn other CSVs into audit Event JSON lines"
    };
  }
  return {looksLike: `text starting with "${printable(first)}"`, advice: EXPECTED};
}

function describeJson(line: string, lines: readonly string[]): InputShape {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    if (lines.length === 1) return {looksLike: `broken JSON (first line "${printable(line)}")`, advice: EXPECTED};
    const kind = lines.map((l) => /^"kind"\s*:\s*"([^"]*)"/.exec(l)?.[1]).find((k) => k !== undefined);
    const of = kind === undefined ? "" : ` naming kind "${printable(kind)}"`;
    return {looksLike: `pretty-printed JSON${of} with no usable audit Event`, advice: EXPECTED};
  }
  if (Array.isArray(value)) {
    return {
      looksLike: "a JSON array on one line",
      advice: "put one event per line, e.g. jq -c '.[]' (an array over several lines is read as is)"
    };
  }
  if (typeof value !== "object" || value === null) {
    return {looksLike: `JSON ${value === null ? "null" : typeof value} values, not objects`, advice: EXPECTED};
  }
  const object = value as Record<string, unknown>;
  if (object.kind === "AdmissionReview" || (isObject(object.request) && "uid" in object.request)) {
    return {
      looksLike: "AdmissionReview objects (an admission webhook's log, e.g. kube-audit-rest), not audit Events",
      advice: AUDIT_SOURCES
    };
  }
  if (object.kind === "Event" || object.kind === "EventList" || /^audit\.k8s\.io\//.test(String(object.apiVersion))) {
    return {looksLike: "audit Events, none of them usable", advice: "see the problems in report.json"};
  }
  if (isObject(object.protoPayload)) {
    return {
      looksLike: "Google Cloud Logging entries with no GKE audit log (protoPayload AuditLog of serviceName k8s.io)",
      advice:
        'export the cluster\'s audit logs: gcloud logging read \'resource.type="k8s_cluster" AND logName:"cloudaudit.googleapis.com"\' --format=json'
    };
  }
  if (Array.isArray(object.records)) {
    return {
      looksLike: "Azure diagnostic records (an Event Hubs body with records[]) with no kube-audit record",
      advice: "send the kube-audit or kube-audit-admin category in the cluster's diagnostic setting"
    };
  }
  if (typeof object.log === "string") {
    return {
      looksLike: 'docker json-file lines ({"log": "…"}) with no audit Event in them',
      advice: CONTAINER_ADVICE
    };
  }
  const keys = Object.keys(object).slice(0, 5).join(", ");
  const kind = typeof object.kind === "string" ? `kind "${printable(object.kind)}"` : `keys ${printable(keys)}`;
  return {looksLike: `JSON objects of ${kind}, not audit.k8s.io Events`, advice: EXPECTED};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Columns of a CSV line, counting commas outside double quotes. */
function csvColumns(line: string): number {
  let columns = 1;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) columns++;
  }
  return columns;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
}
