/** `perfspec serve`: score a cluster's audit events as they happen (audit webhook in, alerts out as server-sent events). */
import {parseArgs} from "node:util";
import {resolve} from "node:path";
import {DEFAULT_MAX_BODY_BYTES, startAuditServer} from "../node/auditWebhook.js";
import {isLoopbackAddress} from "../node/loopback.js";
import type {LiveAlert} from "../lib/live/liveAlert.js";
import {HIGH_RECALL} from "../lib/detect/auditDetector.js";
import {DEFAULT_TOP_G, loadDetector} from "./detect.js";
import {integer} from "./optionValues.js";
import {UsageError, asUsage, settingsOr2} from "./usage.js";

export const DEFAULT_PORT = 8088;

const HELP = `usage: perfspec serve --model <dir> [--port P] [--host 127.0.0.1] [--store <dir>] [options]

Receives the Kubernetes API server's audit webhook (POST /audit: an EventList per batch, as sent under
--audit-webhook-config-file; a single Event or JSON lines are accepted too), appends every accepted event to the
store, scores it with the detector, and streams alerts as server-sent events (GET /alerts; GET /health for counts).
Examples of the webhook kubeconfig and audit policy: examples/webhook/. See docs/serve.md.

options:
  --model DIR            a detector from 'perfspec detect --train <benign log> --save DIR' (or any 'perfspec train' folder)
  --port P               default ${DEFAULT_PORT} (0: any free port)
  --host H               default 127.0.0.1; a non-loopback address also needs --allow-remote
  --allow-remote         listen on a non-loopback address (no TLS, no authentication: put a proxy in front)
  --store DIR            folder of the day files audit-YYYY-MM-DD.jsonl (default audit-store; 'perfspec prepare'
                         and 'perfspec detect' read them back)
  --no-store             keep nothing, only score
  --max-body-bytes N     larger bodies get 413 (default ${DEFAULT_MAX_BODY_BYTES})
  --top-g G              expected actions per context (default ${DEFAULT_TOP_G.audit})
  --threshold P          also flag actions with probability below P (default 0: off)
  --no-rules             leave out the threat rules
  --precise              the precise detector instead of the default high-recall one, as 'perfspec detect --precise'
                         (fewer benign reads flagged, lower recall: docs/detection.md)
  --json                 print each alert as a JSON line on stdout (default: one line of text)
  -h, --help             this help

Body rule: a body that is not JSON throughout gets 400 and nothing of it is stored or scored; items of a JSON body
that are not audit Events are rejected one by one (listed in the 200 answer) and the others accepted.

example:
  perfspec detect --train benign.log --save models/detector benign.log > /dev/null
  perfspec serve --model models/detector --port 8088`;

interface Settings {
  model: string;
  port: number;
  host: string;
  allowRemote: boolean;
  store: string | null;
  maxBodyBytes: number;
  topG: number;
  threshold: number;
  rules: boolean;
  precise: boolean;
  json: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const settings = settingsOr2("serve", HELP, () => parseSettings(argv));
  if (settings === 2) return 2;
  if (settings === "help") return (console.log(HELP), 0);
  const {detector, policy} = await loadDetector(settings.model);
  const server = await startAuditServer({
    detector,
    policy: policy ?? undefined,
    // The same detector as `perfspec detect`: the high-recall one unless --precise.
    detect: {
      topG: settings.topG,
      threshold: settings.threshold,
      rules: settings.rules,
      ...(settings.precise ? {} : HIGH_RECALL)
    },
    host: settings.host,
    port: settings.port,
    allowRemote: settings.allowRemote,
    storeDir: settings.store,
    maxBodyBytes: settings.maxBodyBytes,
    onAlert: (alert) => console.log(settings.json ? JSON.stringify(alert) : alertLine(alert))
  });
  console.error(
    `perfspec serve: listening on ${server.url} (POST /audit, GET /alerts, GET /health); detector ${settings.model}; ` +
      (settings.store === null ? "storing nothing" : `storing in ${resolve(settings.store)}`)
  );
  if (settings.allowRemote && !isLoopbackAddress(settings.host))
    console.error("warning: listening beyond this machine without TLS or authentication");
  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  detector.model.dispose();
  const c = server.counts;
  console.error(`perfspec serve: stopped; ${c.accepted} events accepted in ${c.batches} batches, ${c.alerts} alerts`);
  return 0;
}

function parseSettings(argv: string[]): Settings | "help" {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: {type: "string"},
      port: {type: "string", default: String(DEFAULT_PORT)},
      host: {type: "string", default: "127.0.0.1"},
      "allow-remote": {type: "boolean", default: false},
      store: {type: "string", default: "audit-store"},
      "no-store": {type: "boolean", default: false},
      "max-body-bytes": {type: "string", default: String(DEFAULT_MAX_BODY_BYTES)},
      "top-g": {type: "string", default: String(DEFAULT_TOP_G.audit)},
      threshold: {type: "string", default: "0"},
      "no-rules": {type: "boolean", default: false},
      precise: {type: "boolean", default: false},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.model === undefined) throw new UsageError("--model <dir> is required (a 'perfspec detect --save' folder)");
  if (!isLoopbackAddress(values.host) && !values["allow-remote"])
    throw new UsageError(
      `--host ${values.host} is not a loopback address; the server has no TLS or authentication: add --allow-remote to listen there anyway`
    );
  const threshold = Number(values.threshold);
  if (!(threshold >= 0 && threshold < 1))
    throw new UsageError(`--threshold must be in [0, 1), got "${values.threshold}"`);
  const port = asUsage(() => integer(values.port, "--port", 0));
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got "${values.port}"`);
  return {
    model: values.model,
    port,
    host: values.host,
    allowRemote: values["allow-remote"],
    store: values["no-store"] ? null : values.store,
    maxBodyBytes: asUsage(() => integer(values["max-body-bytes"], "--max-body-bytes")),
    topG: asUsage(() => integer(values["top-g"], "--top-g")),
    threshold,
    rules: !values["no-rules"],
    precise: values.precise,
    json: values.json
  };
}

/** One alert as a line of text: who did what where, the score and the reasons (log content is printed as text). */
export function alertLine(a: LiveAlert): string {
  const why = [...a.reasons, ...a.rules.map((r) => `rule ${r.rule}: ${r.reason}`)].join("; ");
  return `alert ${a.id} ${a.user ?? "(none)"} ${a.namespace ?? "-"} ${a.action} score ${a.score.toFixed(2)}: ${why}`;
}
