/**
 * The HTTP server of `perfspec serve`: the Kubernetes API server's audit webhook POSTs batches to /audit, each is
 * stored, scored by the detector and turned into alerts streamed at /alerts (server-sent events); /health reports.
 * node:http only. Rules (docs/serve.md): a body that is not JSON is refused whole (400) and nothing of it is kept;
 * unusable items of a JSON body are rejected one by one in a 200 answer; a batch is stored before it is scored, and
 * answered only once stored, so an accepted event is never lost to a later bad batch.
 */
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import type {AuditDetector, DetectOptions} from "../lib/detect/auditDetector.js";
import {liveAlert, type LiveAlert} from "../lib/live/liveAlert.js";
import {RecentAuditIds} from "../lib/live/recentAuditIds.js";
import {StreamDetector} from "../lib/live/streamDetector.js";
import {BadBatchError, DEFAULT_POLICY, readWebhookBatch, webhookPolicy} from "../lib/live/webhookBatch.js";
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {AlertStream} from "./alertStream.js";
import {AuditStore} from "./auditStore.js";
import {isAllowedOrigin, isLoopbackAddress, isLoopbackHostHeader} from "./loopback.js";

export interface AuditServerOptions {
  detector: AuditDetector;
  /** The cleaning policy the detector's model was trained on (default perfspec): actions are named by it. */
  policy?: CleaningPolicy;
  detect: DetectOptions;
  /** Default 127.0.0.1; any other address needs `allowRemote`. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Folder of the day files (see auditStore.ts); null: nothing is stored. */
  storeDir: string | null;
  /** Larger bodies get 413 (default 16 MiB). */
  maxBodyBytes?: number;
  allowRemote?: boolean;
  /** Alerts kept for late clients (default 500). */
  backlog?: number;
  /** Called for each alert (the command prints them). */
  onAlert?: (alert: LiveAlert) => void;
}

/** What /health reports besides the status. */
export interface ServerCounts {
  batches: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  scored: number;
  alerts: number;
  refused: number;
}

export interface AuditServer {
  url: string;
  port: number;
  counts: ServerCounts;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 2 ** 20;

/** Media types the webhook body may declare; others (text/plain, forms) are what a foreign page could send. */
const JSON_TYPES = new Set([
  "application/json",
  "application/x-ndjson",
  "application/jsonl",
  "application/x-jsonlines"
]);

/**
 * Starts the server; resolves once it listens.
 * @example const server = await startAuditServer({detector, detect: {topG: 9}, storeDir: "audit-store"}); server.url // "http://127.0.0.1:40123"
 */
export async function startAuditServer(options: AuditServerOptions): Promise<AuditServer> {
  const host = options.host ?? "127.0.0.1";
  const loopback = isLoopbackAddress(host);
  if (!loopback && !options.allowRemote)
    throw new Error(`refusing to listen on ${host}: not a loopback address (allow it explicitly)`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const store = options.storeDir === null ? null : new AuditStore(options.storeDir);
  const stream = new StreamDetector(options.detector, options.detect);
  const policy = options.policy ? webhookPolicy(options.policy) : DEFAULT_POLICY;
  const seen = new RecentAuditIds();
  const alerts = new AlertStream({backlog: options.backlog});
  const started = new Date().toISOString();
  const counts: ServerCounts = {batches: 0, accepted: 0, rejected: 0, duplicates: 0, scored: 0, alerts: 0, refused: 0};
  // Batches are stored and scored one after another, in the order their bodies arrived.
  let queue: Promise<unknown> = Promise.resolve();

  const accept = (text: string) => {
    const batch = readWebhookBatch(text, policy); // throws BadBatchError before anything is kept
    const run = queue.then(async () => {
      const stored = store
        ? await store.append(batch.accepted.map((a) => a.raw)).catch((error: Error) => {
            throw new Error(`not stored: ${error.message}`, {cause: error});
          })
        : null;
      const fresh = batch.accepted.filter((a) => seen.add(a.row.auditID)).map((a) => a.row);
      const result = stream.score(fresh);
      const ids = result.flagged.map(({event, flag}) =>
        alerts.alert((id) => {
          const alert = liveAlert(id, event, flag);
          options.onAlert?.(alert);
          return alert;
        })
      );
      counts.batches++;
      counts.accepted += batch.accepted.length;
      counts.rejected += batch.rejected.length;
      counts.duplicates += batch.accepted.length - fresh.length;
      counts.scored += result.scored;
      counts.alerts += ids.length;
      const summary = {
        accepted: batch.accepted.length,
        duplicates: batch.accepted.length - fresh.length,
        scored: result.scored,
        alerts: ids,
        rejected: batch.rejected,
        stored
      };
      alerts.send("batch", {...summary, rejected: batch.rejected.length});
      return summary;
    });
    queue = run.catch(() => {});
    return run;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, {error: error instanceof Error ? error.message : String(error)});
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page whose DNS name was rebound to 127.0.0.1 still sends its own name as Host: refuse it.
    if (loopback && !isLoopbackHostHeader(req.headers.host))
      return reply(res, 403, {error: "Host is not this machine"});
    const origin = req.headers.origin;
    const cors: Record<string, string> = isAllowedOrigin(origin)
      ? {"Access-Control-Allow-Origin": origin, Vary: "Origin"}
      : {Vary: "Origin"};
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "OPTIONS") {
      if (!isAllowedOrigin(origin)) return reply(res, 403, {error: "origin not allowed"});
      res.writeHead(204, {
        ...cors,
        "Access-Control-Allow-Methods": "GET",
        "Access-Control-Allow-Headers": "Last-Event-ID"
      });
      return void res.end();
    }
    if (path === "/audit") {
      if (req.method !== "POST") return reply(res, 405, {error: "POST audit events here"}, {Allow: "POST"});
      // Browsers send an Origin with every cross-site POST; the API server and curl do not.
      if (origin !== undefined && !isAllowedOrigin(origin)) return reply(res, 403, {error: "origin not allowed"});
      return receive(req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      return reply(res, 405, {error: "GET only"}, {Allow: "GET"}, cors);
    if (path === "/alerts") return alerts.attach(req, res, cors);
    if (path === "/health")
      return reply(
        res,
        200,
        {
          status: "ok",
          since: started,
          store: options.storeDir,
          clients: alerts.size,
          topG: options.detect.topG,
          ...counts
        },
        {},
        cors
      );
    return reply(res, 404, {error: "not found (POST /audit, GET /alerts, GET /health)"}, {}, cors);
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (!JSON_TYPES.has(type))
      return refuse(req, res, 415, `Content-Type must be application/json (or application/x-ndjson), not "${type}"`);
    const encoding = req.headers["content-encoding"];
    if (encoding !== undefined && encoding !== "identity")
      return refuse(req, res, 415, `Content-Encoding ${encoding} is not supported`);
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (declared > maxBodyBytes) return refuse(req, res, 413, `body of ${declared} bytes exceeds ${maxBodyBytes}`);
    const body = await readBody(req, maxBodyBytes);
    if (body === null) return refuse(req, res, 413, `body exceeds ${maxBodyBytes} bytes`);
    let text: string;
    try {
      text = new TextDecoder("utf-8", {fatal: true}).decode(body);
    } catch {
      return refuse(req, res, 400, "body is not UTF-8");
    }
    try {
      const summary = await accept(text);
      reply(res, 200, summary);
    } catch (error) {
      if (error instanceof BadBatchError) return refuse(req, res, 400, error.message);
      reply(res, 500, {error: (error as Error).message});
    }
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
    counts.refused++;
    reply(res, status, {error, accepted: 0}, status === 413 ? {Connection: "close"} : {});
    req.resume(); // read and drop what is still coming, so the client sees the answer, not a reset
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    counts,
    async close() {
      alerts.close();
      // Stops accepting; idle keep-alive connections are closed now, a batch being received is finished first.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await queue;
      await store?.flush();
      server.closeAllConnections();
      await closed;
    }
  };
}

/** The body, or null as soon as it passes `max` bytes (the rest is read and dropped, never kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > max) return;
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  cors: Record<string, string> = {}
): void {
  res.writeHead(status, {"Content-Type": "application/json; charset=utf-8", ...cors, ...headers});
  res.end(JSON.stringify(body) + "\n");
}
