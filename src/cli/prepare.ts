/** `perfspec prepare <input...> --out <dir>`: audit logs / Logstash CSV / action lists -> Arrow tables + report. */
import {readFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {prepareInputs, writePrepared} from "../node/prepare.js";

const HELP = `usage: perfspec prepare <input...> --out <dir> [options]

Reads Kubernetes audit logs (JSON lines or an EventList, audit.k8s.io v1/v1beta1), the PerfSPEC Logstash CSV,
or a verb_resource action list; plain, gzip or xz (detected from the content, not the name). Writes
<dir>/events.arrow, <dir>/actions.arrow (Arrow IPC stream) and <dir>/report.json.

options:
  -o, --out <dir>            output folder (created if missing)                       [required]
      --policy <file.json>   cleaning policy overrides, e.g. {"dropVerbs": ["get", "list", "watch"]}
      --drop-verbs <a,b>     verbs to drop (replaces the default get,list,watch; "" drops none)
      --keep-verbs <a,b>     keep only these verbs
      --drop-resources <a,b> resources to drop (replaces the default events,leases,replicationcontrollers)
      --keep-stages          count every stage of a request (no de-duplication by auditID), like parse.py
      --order <file|time>    action order: as the log records them (default) or by requestReceivedTimestamp
      --max-line-bytes <n>   longer lines are reported and skipped (default 67108864, 64 MiB)
  -q, --quiet                print nothing but errors
  -h, --help                 show this help

Flags override the policy file, which overrides the PerfSPEC default (docs/cleaning-policy.md).

example:
  perfspec prepare data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz --out prepared`;

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
  const policy: Partial<CleaningPolicy> = values.policy === undefined ? {} : await readPolicyFile(values.policy);
  if (values["drop-verbs"] !== undefined) policy.dropVerbs = list(values["drop-verbs"]);
  if (values["keep-verbs"] !== undefined) policy.keepVerbs = list(values["keep-verbs"]);
  if (values["drop-resources"] !== undefined) policy.dropResources = list(values["drop-resources"]);
  if (values["keep-stages"]) policy.dedupeByAuditID = false;
  if (values.order !== undefined) {
    if (values.order !== "file" && values.order !== "time")
      throw new Error(`--order must be "file" or "time", not "${values.order}"`);
    policy.order = values.order === "time" ? "requestReceived" : "file";
  }
  let maxLineBytes: number | undefined;
  if (values["max-line-bytes"] !== undefined) {
    maxLineBytes = Number(values["max-line-bytes"]);
    if (!Number.isInteger(maxLineBytes) || maxLineBytes <= 0)
      throw new Error("--max-line-bytes must be a positive integer");
  }

  const started = Date.now();
  const result = await prepareInputs(positionals, {policy, maxLineBytes});
  const files = await writePrepared(result, values.out);
  if (!values.quiet) {
    const r = result.report;
    const lines = [
      `read ${r.lines} lines from ${r.inputs.length} file(s) (${r.inputs.map((i) => i.format).join(", ")}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `accepted ${r.accepted}, rejected ${r.rejected} (problems), duplicates ${r.duplicates} (same auditID)`,
      `actions ${r.actions}; dropped by policy: ${
        Object.entries(r.dropped)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "nothing"
      }`,
      ...r.problems.slice(0, 5).map((p) => `  problem: ${p.file}:${p.line}: ${p.reason}`),
      ...(r.rejected > 5 ? [`  … ${r.rejected - 5} more problems in ${files.report}`] : []),
      ...(r.repetition.warning ? [`WARNING: ${r.repetition.warning}`] : []),
      `wrote ${files.events}, ${files.actions}, ${files.report}`
    ];
    console.error(lines.join("\n"));
  }
  return 0;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

async function readPolicyFile(path: string): Promise<Partial<CleaningPolicy>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new Error(`${path}: cannot read the policy file`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
    return value as Partial<CleaningPolicy>;
  } catch (error) {
    throw new Error(
      `${path}: the policy file is not a JSON object (${error instanceof Error ? error.message : String(error)})`,
      {cause: error}
    );
  }
}
