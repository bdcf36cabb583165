/** `perfspec serve`'s server for the browser tests: a detector trained on real events, and a batch from an attacker. */
import {readFileSync} from "node:fs";
import {ingestLines} from "../../src/lib/detect/attackProtocol.js";
import {trainAuditDetector} from "../../src/lib/detect/auditDetector.js";
import {startAuditServer} from "../../src/node/auditWebhook.js";

const LINES = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");

/** A server on 127.0.0.1 (no store) with a detector trained on 200 real events; `post` sends a body to /audit. */
export async function liveServer() {
  const detector = await trainAuditDetector(ingestLines(LINES.slice(0, 200), "benign"));
  const server = await startAuditServer({detector, detect: {topG: 9}, storeDir: null});
  return {
    url: server.url,
    post: (body: string) =>
      fetch(`${server.url}/audit`, {method: "POST", headers: {"Content-Type": "application/json"}, body}),
    async close() {
      await server.close();
      detector.model.dispose();
    }
  };
}

/** An EventList of one write by a user whose name is markup: a new user, so one alert. */
export function hostileBatch(): string {
  const writes = LINES.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.verb === "create");
  const event = writes[writes.length - 1];
  event.auditID = "0b5e55ed-0000-4000-8000-000000000001";
  event.user = {username: "<img src=x onerror=window.__pwned=1>"};
  return JSON.stringify({kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [event]});
}
