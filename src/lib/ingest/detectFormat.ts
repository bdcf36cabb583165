import {ACTION_PATTERN} from "./actionList.js";
import {AUDIT_LOG_TYPE} from "./gkeLogEntry.js";
import {CRI_ROW, LOGSTASH_ROW, firstLines, headLines} from "./headLines.js";
import {describeInput, NoAuditEventsError} from "./inputShape.js";

/**
 * The input formats `prepare` reads: audit Event JSON (lines or pretty-printed), GKE Cloud Logging entries, AKS
 * diagnostic records, container-runtime-wrapped audit lines (CRI, docker json-file), the PerfSPEC Logstash CSV and
 * action lists.
 */
export type InputFormat =
  | "audit-jsonl"
  | "audit-json"
  | "gke-jsonl"
  | "gke-json"
  | "aks-jsonl"
  | "aks-json"
  | "cri"
  | "docker-jsonl"
  | "logstash-csv"
  | "action-list";

const EVENT_LIST = /"kind"\s*:\s*"EventList"/;
const AUDIT_EVENT =
  /"(?:auditID|requestReceivedTimestamp|verb)"\s*:|"kind"\s*:\s*"Event"|"apiVersion"\s*:\s*"audit\.k8s\.io\//;
const GKE_PRETTY = new RegExp(`"@type"\\s*:\\s*"${AUDIT_LOG_TYPE.replace(/\./g, "\\.")}"`);
const AKS_PRETTY = /"category"\s*:\s*"kube-audit/;

/**
 * Guesses the format from the first complete lines of a file's text (not its name), by structure. Leading noise
 * (klog or other text lines, however many) is skipped; from the first line that opens a structure: a line that is
 * JSON on its own makes JSON lines, named by what the value is (an Event or EventList batch, a GKE LogEntry, an AKS
 * records body, a docker json-file line), however long; a line that opens a JSON value it does not close, with no
 * later line that is a JSON object on its own, makes a pretty-printed document; a CRI line makes `cri`. `head` must
 * end at a line break, or be the whole text. Returns null when nothing there looks like a known format.
 * @example detectFormat('{"kind":"Event","apiVersion":"audit.k8s.io/v1",…}\n') // "audit-jsonl"
 * @example detectFormat('{\n  "kind": "Event",\n') // "audit-json"
 * @example detectFormat('2023-01-27T18:28:08.129781Z stdout F {"kind":"Event",…}\n') // "cri"
 */
export function detectFormat(head: string): InputFormat | null {
  const {lines} = headLines(head);
  if (lines.length === 0) return null;
  const first = lines[0];
  if (first.startsWith("{") || first.startsWith("[")) {
    const value = parseOrFail(first);
    if (value !== FAILED) return jsonLinesFormat(value);
    if (first === "{" || first === "[" || (lines.length > 1 && !lines.slice(1).some(isJsonObjectLine))) {
      const text = lines.join("\n");
      return GKE_PRETTY.test(text) ? "gke-json" : AKS_PRETTY.test(text) ? "aks-json" : "audit-json";
    }
    // A line cut short (the only line) or followed by whole JSON objects is a damaged JSON line, not a document.
    for (const line of lines.slice(1)) {
      const later = parseOrFail(line);
      if (later !== FAILED && typeof later === "object" && later !== null) return jsonLinesFormat(later);
    }
    return "audit-jsonl";
  }
  if (CRI_ROW.test(first)) return "cri";
  if (ACTION_PATTERN.test(first)) return "action-list";
  // Later lines may decide when the first one is damaged (the ingestor reports it as a problem).
  for (const line of lines) {
    if (line.startsWith("{") && (AUDIT_EVENT.test(line) || EVENT_LIST.test(line))) return "audit-jsonl";
    if (LOGSTASH_ROW.test(line)) return "logstash-csv";
  }
  return null;
}

/** The JSON lines format a file is in, from its first parsed line. */
function jsonLinesFormat(value: unknown): InputFormat {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "audit-jsonl";
  const object = value as Record<string, unknown>;
  if (typeof object.protoPayload === "object" && object.protoPayload !== null) return "gke-jsonl";
  if (Array.isArray(object.records)) return "aks-jsonl";
  if (typeof object.log === "string" && ("stream" in object || "time" in object)) return "docker-jsonl";
  return "audit-jsonl";
}

/** A whole JSON object with at least one key on one line (pretty printers put those on several lines). */
function isJsonObjectLine(line: string): boolean {
  return line.startsWith("{") && line !== "{}" && parseOrFail(line) !== FAILED;
}

const FAILED = Symbol("not JSON");

function parseOrFail(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return FAILED;
  }
}

/**
 * Like detectFormat, but throws an Error naming the file when it is empty, or a NoAuditEventsError saying what it looks
 * like and what to do when it is in no known format.
 * @example requireFormat("audit.log", head) // "audit-jsonl", or throws 'audit.log: unknown format, no audit events: it looks like klog text …'
 */
export function requireFormat(file: string, head: string): InputFormat {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (firstLines(text, 1).length === 0) throw new Error(`${file}: the file is empty (no non-empty lines)`);
  const format = detectFormat(text);
  if (format === null) {
    const {looksLike, advice} = describeInput(text);
    throw new NoAuditEventsError(`${file}: unknown format, no audit events: it looks like ${looksLike}; ${advice}`);
  }
  return format;
}
