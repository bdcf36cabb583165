/** `perfspec inject`: interleave labelled threat-matrix attack events into a benign audit log. */
import {parseArgs} from "node:util";
import {TECHNIQUES, TECHNIQUE_NAMES, type Technique} from "../lib/detect/injectAttacks.js";
import {injectFile} from "../node/injectFiles.js";
import {choice, integer} from "./optionValues.js";

const HELP = `usage: perfspec inject <benign log> --out <log> --labels <labels.json> [options]

Writes the benign audit log (JSON lines of audit.k8s.io Events; plain, .gz or .xz) with attack events interleaved:
the same Event shape, fresh auditIDs, timestamps between their neighbours'. Labels map each injected auditID to its
technique (Kubernetes threat matrix / MITRE ATT&CK for Containers).

options:
  --out PATH           the log with attacks (required)
  --labels PATH        {"format": "perfspec-attack-labels", "labels": {auditID: technique}, ...} (required)
  --seed S             seed of the generator (default 1)
  --techniques LIST    comma-separated (default all): ${TECHNIQUES.join(", ")}
  --campaigns N        campaigns per technique, each at its own place (default 3)
  --start N            inject only after the first N lines (default 0)
  -h, --help           this help

techniques:
${TECHNIQUES.map((t) => `  ${t.padEnd(30)} ${TECHNIQUE_NAMES[t]}`).join("\n")}

Exit status: 0 on success, 2 for a usage error, 1 for unreadable input.

example:
  perfspec inject data/perfspec-kubernetes-event-dataset/derived-audit-events-from-csv.jsonl.xz --out attacked.jsonl --labels labels.json --seed 7`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`perfspec inject: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed === "help") return (console.log(HELP), 0);
  const {input, out, labels, ...options} = parsed;
  const result = await injectFile(input, out, labels, options);
  const counts = new Map<string, number>();
  for (const t of Object.values(result.labels)) counts.set(t, (counts.get(t) ?? 0) + 1);
  console.error(
    `${out}: ${result.lines} lines, ${Object.keys(result.labels).length} injected requests (${[...counts]
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}); labels in ${labels}`
  );
  return 0;
}

function parse(argv: string[]) {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: {type: "string"},
      labels: {type: "string"},
      seed: {type: "string", default: "1"},
      techniques: {type: "string"},
      campaigns: {type: "string", default: "3"},
      start: {type: "string", default: "0"},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return "help" as const;
  if (positionals.length !== 1) throw new Error("give exactly one benign log");
  if (values.out === undefined || values.labels === undefined) throw new Error("--out and --labels are required");
  const seed = Number(values.seed);
  if (!Number.isFinite(seed)) throw new Error(`--seed must be a number, got "${values.seed}"`);
  const techniques =
    values.techniques === undefined
      ? undefined
      : values.techniques.split(",").map((t): Technique => choice(t.trim(), TECHNIQUES, "--techniques"));
  return {
    input: positionals[0],
    out: values.out,
    labels: values.labels,
    seed,
    techniques,
    campaigns: integer(values.campaigns, "--campaigns"),
    start: integer(values.start, "--start", 0)
  };
}
