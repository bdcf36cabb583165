/** One injected request as audit.k8s.io/v1 Event JSON, in the shape of the benign log's events. */
import type {Known, Step} from "./injectCampaigns.js";
import type {Technique} from "./injectTechniques.js";

/** The audit.k8s.io/v1 Event of one request stage, in the shape of the PerfSPEC-derived events. */
export function eventOf(
  s: Step,
  stage: string,
  auditID: string,
  time: number,
  host: unknown,
  client: {agent?: string; ip?: string}
): Record<string, unknown> {
  const group = s.apiGroup ?? "";
  const version = s.apiVersion ?? "v1";
  const path = [
    group === "" ? "/api/v1" : `/apis/${group}/${version}`,
    s.namespace === undefined ? "" : `/namespaces/${s.namespace}`,
    `/${s.resource}`,
    s.name === undefined ? "" : `/${s.name}`,
    s.subresource === undefined ? "" : `/${s.subresource}`
  ].join("");
  const objectRef: Record<string, unknown> = {resource: s.resource};
  if (s.namespace !== undefined) objectRef.namespace = s.namespace;
  if (s.name !== undefined) objectRef.name = s.name;
  if (s.subresource !== undefined) objectRef.subresource = s.subresource;
  objectRef.apiGroup = group;
  objectRef.apiVersion = version;
  const event: Record<string, unknown> = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage,
    requestURI: s.query === undefined ? path : `${path}?${s.query}`,
    verb: s.verb,
    user: s.user === null ? {} : {username: s.user},
    ...(client.ip === undefined ? {} : {sourceIPs: [client.ip]}),
    ...(client.agent === undefined ? {} : {userAgent: client.agent}),
    objectRef,
    responseStatus: {metadata: {}, code: s.code},
    requestReceivedTimestamp: isoMicros(time)
  };
  if (host !== undefined) event._host = host;
  return event;
}

/** User agents of the attacker's own client. */
export const ATTACKER_AGENTS = [
  "kubectl/v1.27.3 (linux/amd64) kubernetes/25b4e43",
  "curl/7.88.1",
  "python-requests/2.31.0"
];

/**
 * The client fields of an injected request, in the log's shape: none when the log records none; the identity's own
 * client for a hijacked identity (the stolen token replayed from the pod it was taken from), else the attacker's.
 */
export function clientOf(
  known: Known,
  technique: Technique,
  user: string | null,
  attacker: {ip: string; agent: string}
): {agent?: string; ip?: string} {
  const own = technique === "hijacked-identity" && user !== null;
  return {
    agent: known.withAgent ? ((own ? known.agents.get(user) : undefined) ?? attacker.agent) : undefined,
    ip: known.withIPs ? ((own ? known.ips.get(user) : undefined) ?? attacker.ip) : undefined
  };
}

/** An ISO timestamp with microseconds, like the API server's. */
export function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(micros % 1000).padStart(3, "0")}Z`);
}

/** A version-4 UUID from the seeded source. */
export function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({length: n}, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}
