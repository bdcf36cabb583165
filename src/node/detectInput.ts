/**
 * Node edge of `perfspec detect`: audit inputs -> DetectEvents (through prepareInputs, so bad lines are handled
 * exactly as `prepare` handles them), the file and line of the events that were flagged, and DeepLog key files.
 */
import type {PrepareReport, Problem} from "../lib/ingest/types.js";
import type {DetectEvent} from "../lib/detect/detectEvent.js";
import {addKeyLine, type KeySession} from "../lib/detect/keySequences.js";
import {openInput} from "./openInput.js";
import {prepareInputs, type PrepareOptions} from "./prepare.js";
import {LineSplitter, readLines} from "./readLines.js";

/**
 * Every unique event of the inputs, in the order read, with the cleaning policy's verdict.
 * @example const {events, report} = await readDetectEvents(["audit.log"])
 */
export async function readDetectEvents(
  paths: string[],
  options: PrepareOptions = {}
): Promise<{events: DetectEvent[]; report: PrepareReport}> {
  const result = await prepareInputs(paths, options);
  return {events: result.events, report: result.report};
}

const AUDIT_ID = /auditID"{1,2}\s*:\s*"{1,2}([^"\\]+)"/;
/** The Logstash CSV keeps the auditID in a plain column; Kubernetes auditIDs are UUIDs. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * File and 1-based line of the first line mentioning each of `auditIDs` (a JSON line, an EventList item's
 * `"auditID"` line, or a Logstash CSV row, found by its UUID): a second pass over the inputs, run only for the flagged events, so the
 * first pass keeps no per-event location.
 * @example await locateAuditIDs(["audit.log"], new Set(["a1b8…"])) // Map {"a1b8…" => {file: "audit.log", line: 17}}
 */
export async function locateAuditIDs(
  paths: readonly string[],
  auditIDs: ReadonlySet<string>
): Promise<Map<string, {file: string; line: number}>> {
  const found = new Map<string, {file: string; line: number}>();
  for (const file of paths) {
    if (found.size === auditIDs.size) break;
    const splitter = new LineSplitter((line, text) => {
      const match = AUDIT_ID.exec(text);
      const ids = match ? [match[1]] : (text.match(UUID) ?? []);
      for (const id of ids) if (auditIDs.has(id) && !found.has(id)) found.set(id, {file, line});
    });
    try {
      for await (const chunk of await openInput(file)) splitter.push(chunk);
      splitter.end();
    } catch {
      // Damaged input was already reported by the first pass; locations after the damage stay unknown.
    }
  }
  return found;
}

/**
 * The sessions of DeepLog key files (one session per line of space-separated integer keys), with the problems.
 * @example const {sessions} = await readKeySessions(["data/deeplog-hdfs/hdfs_train"])
 */
export async function readKeySessions(
  paths: readonly string[]
): Promise<{files: {file: string; sessions: KeySession[]}[]; problems: Problem[]}> {
  const files: {file: string; sessions: KeySession[]}[] = [];
  const problems: Problem[] = [];
  for (const file of paths) {
    const sessions: KeySession[] = [];
    try {
      for await (const {lineNumber, text, invalidUtf8, tooLongBytes} of readLines(file)) {
        const reason =
          tooLongBytes !== undefined
            ? `line too long (${tooLongBytes} bytes); skipped`
            : invalidUtf8
              ? "invalid UTF-8"
              : addKeyLine(sessions, lineNumber, text.replace(/\r$/, ""));
        if (reason !== null) problems.push({file, line: lineNumber, reason});
      }
    } catch (error) {
      throw new Error(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`, {
        cause: error
      });
    }
    files.push({file, sessions});
  }
  return {files, problems};
}
