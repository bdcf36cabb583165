import assert from "node:assert/strict";
import {createServer, request, get, type IncomingMessage} from "node:http";
import type {AddressInfo} from "node:net";
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {DEFAULT_AUDIT_DETECT, DEFAULT_TOP_G} from "../src/cli/detect.js";
import {DEFAULT_PORT, run as serve} from "../src/cli/serve.js";
import {ingestLines} from "../src/lib/detect/attackProtocol.js";
import {
  detectAuditEvents,
  HIGH_RECALL,
  trainAuditDetector,
  type AuditDetector
} from "../src/lib/detect/auditDetector.js";
import {injectAttacks, mergeInjections} from "../src/lib/detect/injectAttacks.js";
import type {LiveAlert} from "../src/lib/live/liveAlert.js";
import {StreamDetector} from "../src/lib/live/streamDetector.js";
import {batchItems, readWebhookBatch} from "../src/lib/live/webhookBatch.js";
import {startAuditServer, type AuditServer} from "../src/node/auditWebhook.js";
import {isLoopbackHostHeader} from "../src/node/loopback.js";
import {writeDetectorDir} from "../src/node/detectorDir.js";

/** 300 real lines (5,001-5,300) of the PerfSPEC-derived audit events (data/perfspec-kubernetes-event-dataset). */
const LINES = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");
const PARSED = LINES.map((line) => JSON.parse(line) as Record<string, unknown>);
// The first 200 lines are the benign training part; the last 100 come live, with attacks (seed no other test uses).
const {injections} = injectAttacks(PARSED, {seed: 4242, campaigns: 1, start: 200});
const LIVE = mergeInjections(LINES, injections).slice(200);
const LIVE_EVENTS = LIVE.map((line) => JSON.parse(line) as Record<string, unknown>);
const TOP_G = 9;

const dir = mkdtempSync(join(tmpdir(), "perfspec-serve-"));
let detector: AuditDetector;
let server: AuditServer;
before(async () => {
  detector = await trainAuditDetector(ingestLines(LINES.slice(0, 200), "benign"));
  server = await startAuditServer({
    detector,
    detect: {topG: TOP_G},
    port: 0,
    storeDir: join(dir, "store"),
    maxBodyBytes: 256 * 1024
  });
});
after(async () => {
  await server.close();
  detector.model.dispose();
  rmSync(dir, {recursive: true, force: true});
});

function post(
  body: string | Buffer,
  headers: Record<string, string> = {"Content-Type": "application/json"}
): Promise<{status: number; json: Record<string, unknown>}> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/audit`, {method: "POST", headers}, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({status: res.statusCode ?? 0, json: JSON.parse(text)}));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The server-sent events of GET /alerts, parsed as they arrive. */
function subscribe(headers: Record<string, string> = {}) {
  const messages: {event: string; id?: string; data: unknown}[] = [];
  let response: IncomingMessage | null = null;
  let wake = () => {};
  const opened = new Promise<IncomingMessage>((resolve) =>
    get(`${server.url}/alerts`, {headers}, (res) => {
      response = res;
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.match(new RegExp(`^${name}: ?(.*)$`, "m"))?.[1];
          const data = field("data");
          if (data !== undefined)
            messages.push({event: field("event") ?? "message", id: field("id") ?? undefined, data: JSON.parse(data)});
        }
        wake();
      });
      resolve(res);
    })
  );
  return {
    opened,
    messages,
    async until(done: () => boolean): Promise<void> {
      while (!done()) await new Promise<void>((resolve) => (wake = resolve));
    },
    close: () => response?.destroy()
  };
}

const eventList = (items: unknown[]) => JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items});
const storedLines = () =>
  readdirSync(join(dir, "store")).flatMap((f) =>
    readFileSync(join(dir, "store", f), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  );

test("startAuditServer: EventList batches of real events are stored whole and their alerts streamed equal detectAuditEvents over the stream", async () => {
  const sse = subscribe();
  const res = await sse.opened;
  assert.equal(res.headers["content-type"], "text/event-stream; charset=utf-8");
  const expected = detectAuditEvents(detector, ingestLines(LIVE, "live"), {topG: TOP_G}).flagged;
  assert.ok(expected.length >= 10 && expected.some((f) => f.rules.length > 0));
  let scored = 0;
  for (let start = 0; start < LIVE_EVENTS.length; start += 40) {
    const {status, json} = await post(eventList(LIVE_EVENTS.slice(start, start + 40)));
    assert.equal(status, 200);
    assert.equal(json.accepted, Math.min(40, LIVE_EVENTS.length - start));
    assert.deepEqual(json.rejected, []);
    scored += json.scored as number;
  }
  await sse.until(() => sse.messages.filter((m) => m.event === "batch").length === Math.ceil(LIVE_EVENTS.length / 40));
  const alerts = sse.messages.filter((m) => m.event === "alert").map((m) => m.data as LiveAlert);
  assert.deepEqual(
    alerts.map(({auditID, action, score, reasons, rules, expected}) => ({
      auditID,
      action,
      score,
      reasons,
      rules,
      expected
    })),
    expected.map(({auditID, action, score, reasons, rules, expected}) => ({
      auditID,
      action,
      score,
      reasons,
      rules,
      expected
    }))
  );
  assert.deepEqual(
    alerts.map((a) => a.id),
    alerts.map((_, i) => i + 1)
  );
  assert.equal(scored, detectAuditEvents(detector, ingestLines(LIVE, "live"), {topG: TOP_G}).events);
  // The store holds exactly the accepted events, in order (both stages of an exec: prepare counts them once).
  assert.deepEqual(storedLines(), LIVE_EVENTS);
  sse.close();

  // A page opened later gets the kept alerts; one reconnecting with Last-Event-ID only the newer ones.
  const late = subscribe({"Last-Event-ID": String(alerts.length - 2)});
  await late.opened;
  await late.until(() => late.messages.length === 2);
  assert.deepEqual(
    late.messages.map((m) => m.id),
    [String(alerts.length - 1), String(alerts.length)]
  );
  late.close();
});

test("POST /audit: bad JSON is 400 and nothing of the body is stored or scored; bad items of an EventList are rejected alone", async () => {
  const before = storedLines().length;
  const counts = {...server.counts};
  const item = LIVE_EVENTS[0];
  for (const body of [
    eventList([item]).slice(0, -5),
    `${JSON.stringify(item)}\n{"kind": "Event", "verb": \n${JSON.stringify(item)}\n`,
    "",
    "42"
  ]) {
    const {status, json} = await post(body);
    assert.equal(status, 400, body.slice(0, 40));
    assert.equal(json.accepted, 0);
    assert.match(json.error as string, /JSON|empty|not an audit Event/);
  }
  assert.equal(storedLines().length, before);
  assert.equal(server.counts.accepted, counts.accepted);

  const fresh = {...item, auditID: "5e7e0000-0000-4000-8000-000000000001"};
  const {status, json} = await post(eventList([fresh, {kind: "Event", auditID: "x"}, 7]));
  assert.equal(status, 200);
  assert.equal(json.accepted, 1);
  assert.deepEqual(json.rejected, [
    {where: "items[1]", reason: "missing verb"},
    {where: "items[2]", reason: "not an audit Event (a JSON number)"}
  ]);
  assert.deepEqual(storedLines().slice(before), [fresh]);
});

test("POST /audit: over --max-body-bytes is 413, a form or text body is 415, GET is 405, nothing stored", async () => {
  const before = storedLines().length;
  const big = eventList(Array.from({length: 1000}, () => LIVE_EVENTS[0]));
  assert.ok(big.length > 256 * 1024);
  assert.equal((await post(big)).status, 413);
  assert.equal((await post(big, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})).status, 413);
  assert.equal((await post(eventList([LIVE_EVENTS[0]]), {"Content-Type": "text/plain"})).status, 415);
  const foreign = await post(eventList([LIVE_EVENTS[0]]), {
    "Content-Type": "application/json",
    Origin: "https://evil.example"
  });
  assert.equal(foreign.status, 403);
  assert.equal((await fetch(`${server.url}/audit`)).status, 405);
  assert.equal(storedLines().length, before);
});

test("GET /health and /alerts: CORS for 127.0.0.1 pages only, and a Host that is not this machine is refused", async () => {
  const local = await fetch(`${server.url}/health`, {headers: {Origin: "http://127.0.0.1:3000"}});
  assert.equal(local.headers.get("access-control-allow-origin"), "http://127.0.0.1:3000");
  const health = (await local.json()) as Record<string, unknown>;
  assert.equal(health.status, "ok");
  assert.equal(health.accepted, LIVE_EVENTS.length + 1);
  const foreign = await fetch(`${server.url}/health`, {headers: {Origin: "https://evil.example"}});
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  const rebound = await new Promise<number>((resolve, reject) =>
    get(`${server.url}/alerts`, {headers: {Host: `evil.example:${server.port}`}}, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject)
  );
  assert.equal(rebound, 403);
  assert.equal(isLoopbackHostHeader("127.0.0.1:8088"), true);
  assert.equal(isLoopbackHostHeader("[::1]:8088"), true);
  assert.equal(isLoopbackHostHeader("evil.example:8088"), false);
});

test("perfspec serve --host 0.0.0.0 is a usage error without --allow-remote; startAuditServer refuses it too", async () => {
  const {code, stderr} = await runCaptured(serve, ["--model", "models/ngram-w2", "--host", "0.0.0.0"]);
  assert.equal(code, 2);
  assert.match(stderr, /not a loopback address.*--allow-remote/);
  assert.equal((await runCaptured(serve, ["--host", "127.0.0.1"])).code, 2);
  await assert.rejects(
    startAuditServer({detector, detect: {topG: 9}, host: "0.0.0.0", storeDir: null}),
    /not a loopback address/
  );
});

test("batchItems(text) reads an EventList, one Event, an array and JSON lines, and refuses a body with any broken line", () => {
  assert.deepEqual(
    batchItems(eventList([{verb: "get"}])).map((i) => i.where),
    ["items[0]"]
  );
  assert.deepEqual(
    batchItems('{"verb": "get"}').map((i) => i.where),
    ["body"]
  );
  assert.deepEqual(
    batchItems(`{"verb": "get"}\n\n${eventList([{verb: "a"}, {verb: "b"}])}\n`).map((i) => i.where),
    ["line 1", "line 3 items[0]", "line 3 items[1]"]
  );
  assert.throws(() => batchItems('{"verb": "get"}\n{"verb"'), /line 2: broken JSON/);
  assert.equal(readWebhookBatch(eventList([LIVE_EVENTS[0]])).accepted[0].row.auditID, LIVE_EVENTS[0].auditID);
});

test("StreamDetector.score(batch) over batches of 7 gives what detectAuditEvents gives over the whole stream", () => {
  const events = ingestLines(LIVE, "live");
  const whole = detectAuditEvents(detector, events, {topG: 3, contextOnReads: true}).flagged;
  const stream = new StreamDetector(detector, {topG: 3, contextOnReads: true});
  const parts = [];
  for (let i = 0; i < events.length; i += 7)
    parts.push(...stream.score(events.slice(i, i + 7)).flagged.map((f) => f.flag));
  assert.deepEqual(parts, whole);
  // Events without an auditID are paired with their own flags too.
  const anonymous = events.map((e) => ({...e, auditID: ""}));
  const pairs = new StreamDetector(detector, {topG: 3}).score(anonymous).flagged;
  assert.deepEqual(
    pairs.map(({event}) => [event.action, event.user]),
    pairs.map(({flag}) => [flag.action, flag.user])
  );
  assert.deepEqual(
    pairs.map(({flag}) => flag.score),
    detectAuditEvents(detector, anonymous, {topG: 3}).flagged.map((f) => f.score)
  );
  assert.deepEqual(
    pairs.map(({event}) => anonymous.indexOf(event as (typeof anonymous)[number])),
    detectAuditEvents(detector, events, {topG: 3}).flagged.map((f) => events.findIndex((e) => e.auditID === f.auditID))
  );
  // The high-recall options too: reads judged by context, follow-ups carried across batches.
  const high = {topG: 3, ...HIGH_RECALL};
  const followed = new StreamDetector(detector, high);
  const batches = [];
  for (let i = 0; i < events.length; i += 7)
    batches.push(...followed.score(events.slice(i, i + 7)).flagged.map((f) => f.flag));
  assert.deepEqual(batches, detectAuditEvents(detector, events, high).flagged);
  // The detector it was given is untouched: a second stream starts from training again.
  assert.deepEqual(
    new StreamDetector(detector, {topG: 3, contextOnReads: true}).score(events).flagged.map((f) => f.flag),
    whole
  );
});

test("examples/webhook: the kubeconfig points the API server at serve's default port, the policy is Metadata without RequestReceived", () => {
  const kubeconfig = readFileSync("examples/webhook/kubeconfig.yaml", "utf8");
  assert.match(kubeconfig, new RegExp(`^\\s+server: http://127\\.0\\.0\\.1:${DEFAULT_PORT}/audit$`, "m"));
  const policy = readFileSync("examples/webhook/audit-policy.yaml", "utf8");
  assert.match(policy, /^omitStages:\n {2}- "RequestReceived"$/m);
  assert.match(policy, /^ {2}- level: Metadata$/m);
});

test("perfspec serve --model <saved detector> --json: stores and prints each alert, and stops on SIGINT with a summary", async () => {
  const model = join(dir, "detector");
  await writeDetectorDir(model, detector, ["benign"]);
  // A free port, given back before serve takes it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const store = join(dir, "cli-store");
  const running = runCaptured(serve, ["--model", model, "--port", String(port), "--store", store, "--json"]);
  let answer: Response | null = null;
  for (let tries = 0; answer === null; tries++) {
    try {
      answer = await fetch(`http://127.0.0.1:${port}/audit`, {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: eventList(LIVE_EVENTS)
      });
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  assert.equal(answer.status, 200);
  process.emit("SIGINT");
  const {code, stdout, stderr} = await running;
  assert.equal(code, 0);
  const printed = stdout.split("\n").map((line) => JSON.parse(line) as LiveAlert);
  // The command ran without --top-g or --precise: the defaults `perfspec detect` uses.
  const expected = detectAuditEvents(detector, ingestLines(LIVE, "live"), DEFAULT_AUDIT_DETECT).flagged;
  assert.equal(printed.length, expected.length);
  // Not the precise detector's count: the default really is the high-recall one.
  const precise = detectAuditEvents(detector, ingestLines(LIVE, "live"), {topG: DEFAULT_TOP_G.audit}).flagged;
  assert.notEqual(printed.length, precise.length);
  assert.match(stderr, new RegExp(`listening on http://127.0.0.1:${port} `));
  assert.match(
    stderr,
    new RegExp(`stopped; ${LIVE_EVENTS.length} events accepted in 1 batches, ${printed.length} alerts`)
  );
  assert.equal(readdirSync(store).length, 1);
});

test("startAuditServer: a batch the store cannot write is answered 500 and not scored", async () => {
  const blocked = join(dir, "a-file");
  writeFileSync(blocked, "not a folder\n");
  const broken = await startAuditServer({detector, detect: {topG: TOP_G}, storeDir: join(blocked, "store")});
  try {
    const answer = await fetch(`${broken.url}/audit`, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: eventList(LIVE_EVENTS.slice(0, 10))
    });
    assert.equal(answer.status, 500);
    assert.match(((await answer.json()) as {error: string}).error, /^not stored: /);
    assert.deepEqual([broken.counts.accepted, broken.counts.scored, broken.counts.alerts], [0, 0, 0]);
  } finally {
    await broken.close();
  }
});
