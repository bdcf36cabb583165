import {ACTION_PATTERN} from "./actionList.js";
import {firstLines} from "./headLines.js";
import {describeInput, NoAuditEventsError} from "./inputShape.js";

/** The input formats `prepare` reads. */
export type InputFormat = "audit-jsonl" | "audit-json" | "logstash-csv" | "action-list";

const EVENT_LIST = /"kind"\s*:\s*"EventList"/;
const AUDIT_EVENT =
  /"(?:auditID|requestReceivedTimestamp|verb)"\s*:|"kind"\s*:\s*"Event"|"apiVersion"\s*:\s*"audit\.k8s\.io\//;
// Logstash's first column is the host as a JSON string ("{""name"":""k8s-master-perfspec""}"), then a timestamp.
const LOGSTASH_ROW = /^"\{(?:[^"]|"")*\}",\d{4}-\d{2}-\d{2}T/;
const MAX_LINES = 20;

/**
 * Guesses the format from the first complete lines of a file's text (not its name), by structure: a first line that
 * is JSON on its own makes JSON lines (each line an Event or an EventList batch, however long); a first line that
 * opens a JSON value it does not close, with no later line that is a JSON object on its own, makes a pretty-printed
 * document (`audit-json`). `head` must end at a line break, or be the whole text. Returns null when nothing there
 * looks like a known format.
 * @example detectFormat('{"kind":"Event","apiVersion":"audit.k8s.io/v1",…}\n') // "audit-jsonl"
 * @example detectFormat('{\n  "kind": "Event",\n') // "audit-json"
 */
export function detectFormat(head: string): InputFormat | null {
  const lines = firstLines(head.charCodeAt(0) === 0xfeff ? head.slice(1) : head, MAX_LINES);
  if (lines.length === 0) return null;
  const first = lines[0];
  if (first.startsWith("{") || first.startsWith("[")) {
    if (isJson(first)) return "audit-jsonl";
    if (first === "{" || first === "[") return "audit-json";
    // A line cut short (the only line) or followed by whole JSON objects is a damaged JSON line, not a document.
    return lines.length === 1 || lines.slice(1).some(isJsonObjectLine) ? "audit-jsonl" : "audit-json";
  }
  if (ACTION_PATTERN.test(first)) return "action-list";
  // Later lines may decide when the first one is damaged (the ingestor reports it as a problem).
  for (const line of lines) {
    if (line.startsWith("{") && (AUDIT_EVENT.test(line) || EVENT_LIST.test(line))) return "audit-jsonl";
    if (LOGSTASH_ROW.test(line)) return "logstash-csv";
  }
  return null;
}

/** A whole JSON object with at least one key on one line (pretty printers put those on several lines). */
function isJsonObjectLine(line: string): boolean {
  return line.startsWith("{") && line !== "{}" && isJson(line);
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
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
