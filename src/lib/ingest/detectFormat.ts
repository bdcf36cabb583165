import {ACTION_PATTERN} from "./actionList.js";

/** The input formats `prepare` reads. */
export type InputFormat = "audit-jsonl" | "audit-eventlist" | "logstash-csv" | "action-list";

const EVENT_LIST = /"kind"\s*:\s*"EventList"/;
const AUDIT_EVENT =
  /"(?:auditID|requestReceivedTimestamp|verb)"\s*:|"kind"\s*:\s*"Event"|"apiVersion"\s*:\s*"audit\.k8s\.io\//;
// Logstash's first column is the host as a JSON string ("{""name"":""k8s-master-perfspec""}"), then a timestamp.
const LOGSTASH_ROW = /^"\{(?:[^"]|"")*\}",\d{4}-\d{2}-\d{2}T/;
const MAX_LINES = 20;

/**
 * Guesses the format from the first part of a file's text (not its name): the first non-empty lines decide.
 * Returns null when nothing there looks like a known format.
 * @example detectFormat('{"kind":"Event","apiVersion":"audit.k8s.io/v1",…}\n') // "audit-jsonl"
 */
export function detectFormat(head: string): InputFormat | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text
    .split("\n", 1000)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(0, MAX_LINES);
  if (lines.length === 0) return null;
  // A first line that is not a whole JSON value but opens one naming EventList: a (pretty-printed or long) document.
  // A whole one-line EventList is read as JSON lines, which also accept EventList objects.
  if (lines[0].startsWith("{") && !isJson(lines[0]) && EVENT_LIST.test(text)) return "audit-eventlist";
  if (ACTION_PATTERN.test(lines[0])) return "action-list";
  // Later lines may decide when the first one is damaged (the ingestor reports it as a problem).
  for (const line of lines) {
    if (line.startsWith("{") && (AUDIT_EVENT.test(line) || EVENT_LIST.test(line))) return "audit-jsonl";
    if (LOGSTASH_ROW.test(line)) return "logstash-csv";
  }
  return null;
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
 * Like detectFormat, but throws an Error naming the file when it is empty or in no known format.
 * @example requireFormat("audit.log", head) // "audit-jsonl", or throws 'audit.log: unknown format …'
 */
export function requireFormat(file: string, head: string): InputFormat {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (text.trim() === "") throw new Error(`${file}: the file is empty (no non-empty lines)`);
  const format = detectFormat(text);
  if (format === null) {
    const first = text.split("\n").find((l) => l.trim() !== "") ?? "";
    const printable = first.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
    throw new Error(
      `${file}: unknown format: expected audit Event JSON lines, an EventList, the Logstash CSV or a verb_resource list; first line starts with "${printable}"`
    );
  }
  return format;
}
