/** `perfspec prepare <input...> --out <dir>`: audit logs / Logstash CSV / action lists -> Arrow tables + report. */
import {parseArgs} from "node:util";
import {policyLabel, resolvePolicy, type CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {describeInput, NoAuditEventsError} from "../lib/ingest/inputShape.js";
import type {PrepareReport} from "../lib/ingest/types.js";
import {prepareInputs, writePrepared} from "../node/prepare.js";
import {readHead} from "../node/readLines.js";
import {policyOption} from "./policyOption.js";

const HELP = `usage: perfspec prepare <input...> --out <dir> [options]

Reads Kubernetes audit logs (audit.k8s.io v1/v1beta1/v1alpha1: JSON lines, each an Event or an EventList batch, or
pretty-printed: an Event, a jq . stream, an EventList, a jq -s array), GKE Cloud Logging entries, AKS diagnostic
records, audit lines wrapped by a container runtime (CRI, docker json-file), the PerfSPEC Logstash CSV, or a
verb_resource list; plain, gzip or xz (detected from the content, not the name; leading klog noise is skipped). Writes
<dir>/events.arrow, <dir>/actions.arrow (Arrow IPC stream) and <dir>/report.json, or Parquet with --format parquet.

options:
  -o, --out <dir>            output folder (created if missing)                       [required]
      --policy <p>           cleaning policy: perfspec (default: PerfSPEC's parse.py), security (subresources,
                             :denied, impersonated user, sensitive reads kept), or a JSON file of overrides,
                             e.g. {"preset": "security", "deniedCodes": []}
      --drop-verbs <a,b>     verbs to drop (replaces the default get,list,watch; "" drops none)
      --keep-verbs <a,b>     keep only these verbs
      --drop-resources <a,b> resources to drop (replaces the default events,leases,replicationcontrollers)
      --keep-stages          count every stage of a request (no de-duplication by auditID), like parse.py
      --order <file|time>    action order: as the log records them (default) or by requestReceivedTimestamp
      --max-line-bytes <n>   longer lines are reported and skipped (default 67108864, 64 MiB)
      --format <arrow|parquet> the tables as Arrow IPC stream files (default) or Parquet (Snappy)
      --partition <none|day>  with --format parquet: day writes <dir>/events/day=YYYY-MM-DD/part-0.parquet (and
                             actions/), hive style, read as one dataset by DuckDB, Spark or Trino
      --engine <auto|duckdb|js> auto (default): duckdb for inputs of 64 MiB or more, else js; duckdb: DuckDB's
                             native reader for plain or gzip audit JSON lines, same output, falls back to js for
                             anything else; js: always the JSON-lines reader (docs/data-formats.md, "Two engines")
  -q, --quiet                print nothing but errors
  -h, --help                 show this help

Flags override the policy file, which overrides its preset (default perfspec; docs/cleaning-policy.md).

exit codes: 0 done (bad lines are listed in the report), 1 a file is missing or unreadable, 2 usage error,
3 no audit events (an input in no known format, or nothing accepted from any input).

example:
  perfspec prepare data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz --out prepared
  perfspec prepare audit.log.gz --out lake --format parquet --partition day`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: {type: "string", short: "o"},
        policy: {type: "string"},
        "drop-verbs": {type: "string"},
        "keep-verbs": {type: "string"},
        "drop-resources": {type: "string"},
        "keep-stages": {type: "boolean"},
        order: {type: "string"},
        "max-line-bytes": {type: "string"},
        format: {type: "string"},
        partition: {type: "string"},
        engine: {type: "string"},
        quiet: {type: "boolean", short: "q"},
        help: {type: "boolean", short: "h"}
      }
    });
  } catch (error) {
    console.error(`perfspec prepare: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  const {values, positionals} = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0 || values.out === undefined) {
    console.error(
      `perfspec prepare: ${positionals.length === 0 ? "no input files given" : "--out <dir> is required"}\n\n${HELP}`
    );
    return 2;
  }
  const usage = (message: string) => {
    console.error(`perfspec prepare: ${message}\n\n${HELP}`);
    return 2;
  };
  let policy: Partial<CleaningPolicy>;
  try {
    policy = values.policy === undefined ? {} : await policyOption(values.policy);
    if (values["drop-verbs"] !== undefined) policy.dropVerbs = list(values["drop-verbs"]);
    if (values["keep-verbs"] !== undefined) policy.keepVerbs = list(values["keep-verbs"]);
    if (values["drop-resources"] !== undefined) policy.dropResources = list(values["drop-resources"]);
    if (values["keep-stages"]) policy.dedupeByAuditID = false;
    if (values.order !== undefined) {
      if (values.order !== "file" && values.order !== "time")
        return usage(`--order must be "file" or "time", not "${values.order}"`);
      policy.order = values.order === "time" ? "requestReceived" : "file";
    }
    resolvePolicy(policy);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  let maxLineBytes: number | undefined;
  if (values["max-line-bytes"] !== undefined) {
    maxLineBytes = Number(values["max-line-bytes"]);
    if (!/^\d+$/.test(values["max-line-bytes"].trim()) || !Number.isSafeInteger(maxLineBytes) || maxLineBytes <= 0)
      return usage(`--max-line-bytes must be a positive integer, not "${values["max-line-bytes"]}"`);
  }

  const format = values.format ?? "arrow";
  if (format !== "arrow" && format !== "parquet")
    return usage(`--format must be "arrow" or "parquet", not "${format}"`);
  const partition = values.partition ?? "none";
  if (partition !== "none" && partition !== "day")
    return usage(`--partition must be "none" or "day", not "${partition}"`);
  if (partition === "day" && format !== "parquet") return usage("--partition day needs --format parquet");
  const engine = values.engine ?? "auto";
  if (engine !== "auto" && engine !== "duckdb" && engine !== "js")
    return usage(`--engine must be "auto", "duckdb" or "js", not "${engine}"`);

  const started = Date.now();
  let result;
  try {
    result = await prepareInputs(positionals, {policy, maxLineBytes, engine});
  } catch (error) {
    if (!(error instanceof NoAuditEventsError)) throw error;
    console.error(`perfspec prepare: ${error.message}`);
    return 3;
  }
  const r = result.report;
  const empty = r.inputs.filter((input) => (input.accepted ?? 0) === 0);
  const emptyLines = await Promise.all(empty.map((input) => noEventsLine(input, r)));
  if (r.accepted === 0) {
    console.error(`perfspec prepare: no audit events in any input; nothing written\n${emptyLines.join("\n")}`);
    return 3;
  }
  const files = await writePrepared(result, values.out, {format, partition});
  if (!values.quiet) {
    const lines = [
      `read ${r.lines} lines from ${formatSummary(r.inputs.map((i) => i.format))} in ${((Date.now() - started) / 1000).toFixed(1)} s (${engineLine(result)})`,
      `accepted ${r.accepted}, rejected ${r.rejected} (problems), duplicates ${r.duplicates} (same auditID)`,
      `actions ${r.actions} (policy ${policyLabel(r.policy)}); dropped by policy: ${
        Object.entries(r.dropped)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "nothing"
      }`,
      ...r.problems
        .slice(0, 5)
        .map((p) => `  problem: ${p.file}:${p.line}${p.item === undefined ? "" : ` item ${p.item}`}: ${p.reason}`),
      ...(r.rejected > 5 ? [`  … ${r.rejected - 5} more problems in ${files.report}`] : []),
      ...otherKindsLine(r),
      ...emptyLines.map((line) => `WARNING: ${line}`),
      ...(r.reusedAuditIDs.requests > 0
        ? [
            `WARNING: ${r.reusedAuditIDs.requests} request(s) reuse the auditID of an earlier, different request (verb or requestURI differ), e.g. ${JSON.stringify(r.reusedAuditIDs.examples[0])}; each was kept as its own event`
          ]
        : []),
      ...(r.repetition.warning ? [`WARNING: ${r.repetition.warning}`] : []),
      `wrote ${files.events}, ${files.actions}, ${files.report}`
    ];
    console.error(lines.join("\n"));
  }
  return 0;
}

/** "not audit events: AdmissionReview ×12, klog text ×3" when some rejected lines are something else entirely. */
function otherKindsLine(report: PrepareReport): string[] {
  const kinds = Object.entries(report.notAuditEvents ?? {});
  if (kinds.length === 0) return [];
  const shown = kinds.slice(0, 6).map(([kind, n]) => `${kind} ×${n}`);
  return [`  not audit events: ${shown.join(", ")}${kinds.length > 6 ? `, … (${kinds.length - 6} more kinds)` : ""}`];
}

const FORMAT_NAMES: Record<string, string> = {
  "audit-jsonl": "audit JSON lines",
  "audit-json": "pretty-printed audit JSON",
  "gke-jsonl": "GKE Cloud Logging JSON lines",
  "gke-json": "GKE Cloud Logging JSON",
  "aks-jsonl": "AKS diagnostic records lines",
  "aks-json": "AKS diagnostic records JSON",
  cri: "CRI container log",
  "docker-jsonl": "docker json-file log",
  "logstash-csv": "Logstash CSV",
  "action-list": "action list"
};

/** Which engine read the input, and why not DuckDB when it was asked for (the reason may quote the log: made printable). */
function engineLine(result: {engine: string; engineNote?: string}): string {
  if (result.engine === "duckdb") return "DuckDB engine";
  if (result.engineNote === undefined) return "JSON-lines engine";
  return `JSON-lines engine: ${result.engineNote.replace(/[^\x20-\x7e]/g, "?").slice(0, 120)}`;
}

/**
 * The inputs counted by format, most common first.
 * @example formatSummary(["audit-jsonl", "logstash-csv", "audit-jsonl"]) // "3 inputs: 2 audit JSON lines, 1 Logstash CSV"
 */
export function formatSummary(formats: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const format of formats) counts.set(format, (counts.get(format) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${n} ${FORMAT_NAMES[f] ?? f}`);
  return `${formats.length} input${formats.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

/** One line saying that an input gave no events, what it looks like and what to do. */
async function noEventsLine(input: PrepareReport["inputs"][number], report: PrepareReport): Promise<string> {
  const {looksLike, advice} = describeInput(await readHead(input.file).catch(() => ""));
  const problem = report.problems.find((p) => p.file === input.file);
  const first = problem === undefined ? "" : ` (first problem, line ${problem.line}: ${problem.reason})`;
  return `${input.file}: 0 of ${input.lines} lines are audit events${first}: it looks like ${looksLike}; ${advice}`;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
