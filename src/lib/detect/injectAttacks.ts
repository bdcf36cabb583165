/**
 * A labelled attack corpus: audit.k8s.io/v1 Events for Kubernetes threat-matrix techniques (Microsoft's Threat
 * Matrix for Kubernetes, MITRE ATT&CK for Containers), built in the shape of a benign log's events and interleaved
 * with them in file order and in time. Pure and seeded (d3's randomLcg): the Node edge reads and writes the files.
 */
import {randomLcg} from "d3";

/** The techniques, in the order they are listed and generated. */
export const TECHNIQUES = [
  "recon-access-review",
  "pods-exec",
  "kube-system-pod",
  "persistence-workload",
  "clusterrolebinding-escalation",
  "serviceaccount-token-theft",
  "secrets-other-namespace",
  "admission-webhook",
  "csr-approval",
  "anonymous-denied",
  "hijacked-identity"
] as const;
export type Technique = (typeof TECHNIQUES)[number];

/** The threat-matrix tactic and technique each id stands for (for labels and docs). */
export const TECHNIQUE_NAMES: Readonly<Record<Technique, string>> = Object.freeze({
  "recon-access-review": "Discovery: permission reconnaissance (selfsubjectaccessreviews, selfsubjectrulesreviews)",
  "pods-exec": "Execution: exec into container (pods/exec)",
  "kube-system-pod": "Privilege escalation: privileged / hostPath pod in kube-system",
  "persistence-workload": "Persistence: CronJob and DaemonSet",
  "clusterrolebinding-escalation": "Privilege escalation: ClusterRoleBinding to cluster-admin",
  "serviceaccount-token-theft": "Credential access: service account token request (serviceaccounts/token)",
  "secrets-other-namespace": "Credential access: reading and changing secrets in other namespaces",
  "admission-webhook": "Persistence: admission webhook configuration tampering",
  "csr-approval": "Privilege escalation: certificate signing request created and approved",
  "anonymous-denied": "Initial access / discovery: anonymous and denied requests (401, 403)",
  "hijacked-identity": "Lateral movement: a hijacked identity doing its usual actions in unusual namespaces"
});

export interface InjectOptions {
  /** Seed of d3's randomLcg. Default 1. */
  seed?: number;
  /** Which techniques (default all). */
  techniques?: readonly Technique[];
  /** Campaigns per technique, each at its own place in the log. Default 3. */
  campaigns?: number;
  /** Inject only after this many benign lines (e.g. the training part). Default 0. */
  start?: number;
}

/** One injected event: insert it after benign line `after` (0-based; -1 = before the first line). */
export interface Injection {
  after: number;
  technique: Technique;
  /** Events sharing one auditID (e.g. ResponseStarted and ResponseComplete of an exec), in stage order. */
  events: Record<string, unknown>[];
}

export interface InjectResult {
  /** In insertion order (by `after`, then generation order). */
  injections: Injection[];
  /** auditID -> technique, for every injected request. */
  labels: Record<string, Technique>;
}

/** What the generator reads of one benign line (null for a line that is not an audit Event). */
type Benign = Record<string, unknown> | null;

interface Known {
  /** Users with their kept (mutating) namespaced actions, in first-seen order. */
  users: Map<string, {namespaces: Set<string>; actions: Map<string, Template>; count: number}>;
  namespaces: string[];
  /** Pod names seen per namespace. */
  pods: Map<string, string[]>;
  admin: string;
  host: unknown;
  /** The first user agent and source IP of each user, when the log's events carry them (else absent). */
  agents: Map<string, string>;
  ips: Map<string, string>;
  withAgent: boolean;
  withIPs: boolean;
}

interface Template {
  verb: string;
  resource: string;
  apiGroup: string;
  apiVersion: string;
  names: string[];
  count: number;
}

const READ_VERBS = new Set(["get", "list", "watch"]);
const ATTACKER_NAMESPACES = ["default", "kube-system"];

/**
 * Generates the attack events for `benign` (the parsed lines of a benign log, null for non-events), interleaved:
 * each campaign starts at a random line at or after `start` and its steps follow every few benign lines, with
 * fresh auditIDs and timestamps between their neighbours'.
 * @example injectAttacks(lines, {seed: 7, techniques: ["pods-exec"]}).labels // {"5f0c…": "pods-exec", …}
 */
export function injectAttacks(benign: readonly Benign[], options: InjectOptions = {}): InjectResult {
  const {seed = 1, techniques = TECHNIQUES, campaigns = 3, start = 0} = options;
  for (const t of techniques) if (!TECHNIQUES.includes(t)) throw new Error(`unknown technique "${t}"`);
  if (benign.length - start < 2) throw new Error("too few benign lines to inject into");
  const random = randomLcg(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const times = benign.map(timeOf);
  const injections: Injection[] = [];
  const labels: Record<string, Technique> = {};
  for (const technique of techniques)
    for (let c = 0; c < campaigns; ++c) {
      let at = start + int(benign.length - start - 1);
      // Identities and objects are those of the log before the campaign: an attacker uses what exists.
      const known = knownBefore(benign, at);
      const steps = CAMPAIGNS[technique](known, {int, pick, random});
      // The attacker's own client: a pod on the cluster network (only used when the log records clients).
      const attacker = {ip: `10.244.${1 + int(3)}.${2 + int(250)}`, agent: pick(ATTACKER_AGENTS)};
      let last = -Infinity;
      for (const step of steps) {
        const auditID = uuid(random);
        // A campaign's requests are in time order even where the benign lines are not.
        const time = (last = Math.max(last + 1, between(times, at, random)));
        const client = clientOf(known, technique, step.user, attacker);
        const events = step.stages.map((stage) => eventOf(step, stage, auditID, time, known.host, client));
        injections.push({after: at, technique, events});
        labels[auditID] = technique;
        at = Math.min(benign.length - 1, at + 1 + int(12));
      }
    }
  injections.sort((a, b) => a.after - b.after);
  return {injections, labels};
}

/**
 * The output lines: benign lines unchanged, each injection's events (one JSON line per stage) after its line.
 * @example mergeInjections(lines, result.injections).length // lines.length + injected stages
 */
export function mergeInjections(lines: readonly string[], injections: readonly Injection[]): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < injections.length && injections[k].after < 0) out.push(...injections[k++].events.map(stringify));
  lines.forEach((line, i) => {
    out.push(line);
    while (k < injections.length && injections[k].after === i) out.push(...injections[k++].events.map(stringify));
  });
  return out;
}

const stringify = (e: Record<string, unknown>) => JSON.stringify(e);

interface Step {
  user: string | null;
  verb: string;
  resource: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Query string of the request URI (without "?"). */
  query?: string;
  code: number;
  stages: string[];
}

interface Draw {
  int: (n: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  random: () => number;
}

const DONE = ["ResponseComplete"];
const STREAM = ["ResponseStarted", "ResponseComplete"];

function step(user: string | null, verb: string, resource: string, rest: Partial<Step> = {}): Step {
  const code = verb === "create" ? 201 : 200;
  return {user, verb, resource, code, stages: DONE, ...rest};
}

/** A service account of a workload (not kube-system), preferably busy: the pod an attacker broke into. */
function workloadAccount(known: Known, draw: Draw): string {
  const accounts = [...known.users.entries()]
    .filter(([u]) => u.startsWith("system:serviceaccount:") && !u.startsWith("system:serviceaccount:kube-system:"))
    .map(([u]) => u);
  return accounts.length > 0 ? draw.pick(accounts) : "system:serviceaccount:default:default";
}

function accountNamespace(user: string): string {
  return user.split(":")[2] ?? "default";
}

function otherNamespace(known: Known, not: string, draw: Draw): string {
  const others = known.namespaces.filter((n) => n !== not);
  return others.length > 0 ? draw.pick(others) : "kube-system";
}

function podIn(known: Known, namespace: string, draw: Draw): string {
  const pods = known.pods.get(namespace);
  return pods && pods.length > 0 ? draw.pick(pods) : `${namespace}-${suffix(draw)}`;
}

function suffix(draw: Draw): string {
  const letters = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (let i = 0; i < 5; ++i) s += letters[draw.int(letters.length)];
  return s;
}

const RBAC = {apiGroup: "rbac.authorization.k8s.io", apiVersion: "v1"};
const AUTHZ = {apiGroup: "authorization.k8s.io", apiVersion: "v1"};
const ADMISSION = {apiGroup: "admissionregistration.k8s.io", apiVersion: "v1"};
const CERTS = {apiGroup: "certificates.k8s.io", apiVersion: "v1"};

/** Each technique's campaign: the requests an attacker makes, in order. */
const CAMPAIGNS: Record<Technique, (known: Known, draw: Draw) => Step[]> = {
  "recon-access-review": (known, draw) => {
    const user = workloadAccount(known, draw);
    const steps = [step(user, "create", "selfsubjectrulesreviews", AUTHZ)];
    for (let i = 0, n = 2 + draw.int(3); i < n; ++i)
      steps.push(step(user, "create", "selfsubjectaccessreviews", AUTHZ));
    return steps;
  },
  "pods-exec": (known, draw) => {
    // A stolen admin kubeconfig: the admin is the identity that exec's in real clusters too.
    const namespace = draw.pick(known.namespaces);
    const name = podIn(known, namespace, draw);
    const query = "command=sh&container=main&stdin=true&stdout=true&tty=true";
    const steps = [step(known.admin, "get", "pods", {namespace, name})];
    for (let i = 0, n = 1 + draw.int(2); i < n; ++i)
      steps.push(
        step(known.admin, "create", "pods", {subresource: "exec", namespace, name, query, code: 101, stages: STREAM})
      );
    return steps;
  },
  "kube-system-pod": (known, draw) => {
    const user = workloadAccount(known, draw);
    return [
      step(user, "list", "pods", {namespace: "kube-system"}),
      step(user, "create", "pods", {namespace: "kube-system"}),
      step(user, "get", "pods", {namespace: "kube-system", name: `kube-proxy-${suffix(draw)}`})
    ];
  },
  "persistence-workload": (known, draw) => {
    const namespace = draw.pick(ATTACKER_NAMESPACES);
    const apps = {apiGroup: "apps", apiVersion: "v1"};
    const batch = {apiGroup: "batch", apiVersion: "v1"};
    return [
      step(known.admin, "create", "cronjobs", {...batch, namespace}),
      step(known.admin, "create", "daemonsets", {...apps, namespace: "kube-system"}),
      step(known.admin, "get", "daemonsets", {...apps, namespace: "kube-system", name: `node-agent-${suffix(draw)}`})
    ];
  },
  "clusterrolebinding-escalation": (known, draw) => {
    const user = workloadAccount(known, draw);
    return [
      step(user, "list", "clusterroles", RBAC),
      step(user, "create", "clusterrolebindings", RBAC),
      step(user, "get", "clusterrolebindings", {...RBAC, name: `system:metrics-${suffix(draw)}`})
    ];
  },
  "serviceaccount-token-theft": (known, draw) => {
    const user = workloadAccount(known, draw);
    const targets = ["clusterrole-aggregation-controller", "generic-garbage-collector", "namespace-controller"];
    const steps = [step(user, "list", "serviceaccounts", {namespace: "kube-system"})];
    for (let i = 0, n = 1 + draw.int(2); i < n; ++i)
      steps.push(
        step(user, "create", "serviceaccounts", {
          subresource: "token",
          namespace: "kube-system",
          name: draw.pick(targets)
        })
      );
    return steps;
  },
  "secrets-other-namespace": (known, draw) => {
    const user = workloadAccount(known, draw);
    const namespace = otherNamespace(known, accountNamespace(user), draw);
    const name = `${namespace}-credentials`;
    return [
      step(user, "list", "secrets", {namespace}),
      step(user, "get", "secrets", {namespace, name}),
      step(user, "patch", "secrets", {namespace, name})
    ];
  },
  "admission-webhook": (known, draw) => {
    const name = `policy-${suffix(draw)}.example.com`;
    return [
      step(known.admin, "create", "mutatingwebhookconfigurations", ADMISSION),
      step(known.admin, "patch", "validatingwebhookconfigurations", {...ADMISSION, name}),
      step(known.admin, "delete", "validatingwebhookconfigurations", {...ADMISSION, name})
    ];
  },
  "csr-approval": (known, draw) => {
    const user = workloadAccount(known, draw);
    const name = `csr-${suffix(draw)}`;
    return [
      step(user, "create", "certificatesigningrequests", CERTS),
      step(user, "update", "certificatesigningrequests", {...CERTS, subresource: "approval", name}),
      step(user, "get", "certificatesigningrequests", {...CERTS, name})
    ];
  },
  "anonymous-denied": (known, draw) => {
    const user = workloadAccount(known, draw);
    const namespace = draw.pick(known.namespaces);
    return [
      step("system:anonymous", "list", "secrets", {namespace: "kube-system", code: 403}),
      step("system:anonymous", "get", "pods", {namespace, code: 403}),
      step(null, "list", "nodes", {code: 401}),
      step(user, "create", "pods", {namespace: "kube-system", code: 403}),
      step(user, "delete", "deployments", {apiGroup: "apps", apiVersion: "v1", namespace, name: "web", code: 403})
    ];
  },
  "hijacked-identity": (known, draw) => {
    // An identity with a routine of namespaced writes, doing that routine where it never acted.
    const candidates = [...known.users.entries()].filter(
      ([u, r]) => u !== known.admin && r.actions.size > 0 && known.namespaces.some((n) => !r.namespaces.has(n))
    );
    if (candidates.length === 0) return [];
    const busiest = candidates.sort((a, b) => b[1].count - a[1].count).slice(0, 5);
    const [user, record] = draw.pick(busiest);
    const usual = [...record.actions.values()].sort((a, b) => b.count - a.count).slice(0, 3);
    const unusual = known.namespaces.filter((n) => !record.namespaces.has(n));
    const steps: Step[] = [];
    for (let i = 0, n = 4 + draw.int(3); i < n; ++i) {
      const t = usual[i % usual.length];
      const namespace = draw.pick(unusual);
      const name = t.verb === "create" ? undefined : draw.pick(t.names);
      steps.push(step(user, t.verb, t.resource, {apiGroup: t.apiGroup, apiVersion: t.apiVersion, namespace, name}));
    }
    return steps;
  }
};

/** Users, namespaces, pods and the busiest human-like user of benign lines [0, end]. */
function knownBefore(benign: readonly Benign[], end: number): Known {
  const users: Known["users"] = new Map();
  const namespaces = new Set<string>();
  const pods = new Map<string, string[]>();
  const writes = new Map<string, number>();
  let host: unknown;
  const agents = new Map<string, string>();
  const ips = new Map<string, string>();
  for (let i = 0; i <= end; ++i) {
    const e = benign[i];
    if (!e) continue;
    if (host === undefined && "_host" in e) host = e._host;
    const user = (e.user as {username?: unknown} | undefined)?.username;
    const ref = (e.objectRef ?? {}) as Record<string, unknown>;
    const verb = typeof e.verb === "string" ? e.verb : "";
    const namespace = typeof ref.namespace === "string" ? ref.namespace : null;
    const resource = typeof ref.resource === "string" ? ref.resource : null;
    if (namespace !== null) namespaces.add(namespace);
    if (resource === "pods" && namespace !== null && typeof ref.name === "string" && ref.subresource === undefined) {
      let list = pods.get(namespace);
      if (!list) pods.set(namespace, (list = []));
      if (!list.includes(ref.name)) list.push(ref.name);
    }
    if (typeof user !== "string") continue;
    if (typeof e.userAgent === "string" && !agents.has(user)) agents.set(user, e.userAgent);
    const sourceIP = Array.isArray(e.sourceIPs) ? e.sourceIPs[0] : undefined;
    if (typeof sourceIP === "string" && !ips.has(user)) ips.set(user, sourceIP);
    let record = users.get(user);
    if (!record) users.set(user, (record = {namespaces: new Set(), actions: new Map(), count: 0}));
    if (namespace !== null) record.namespaces.add(namespace);
    if (READ_VERBS.has(verb) || resource === null || namespace === null || ref.subresource !== undefined) continue;
    // What PerfSPEC's cleaning policy drops is no routine worth imitating: it is never scored.
    if (resource === "events" || resource === "leases" || resource === "replicationcontrollers") continue;
    if (!user.startsWith("system:")) writes.set(user, (writes.get(user) ?? 0) + 1);
    record.count++;
    const key = `${verb}_${resource}`;
    let t = record.actions.get(key);
    if (!t)
      record.actions.set(
        key,
        (t = {
          verb,
          resource,
          apiGroup: typeof ref.apiGroup === "string" ? ref.apiGroup : "",
          apiVersion: typeof ref.apiVersion === "string" ? ref.apiVersion : "v1",
          names: [],
          count: 0
        })
      );
    t.count++;
    if (typeof ref.name === "string" && !t.names.includes(ref.name)) t.names.push(ref.name);
  }
  for (const record of users.values())
    for (const t of record.actions.values()) if (t.names.length === 0) t.names.push(`${t.resource}-1`);
  const admin = [...writes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "kubernetes-admin";
  const list = [...namespaces];
  return {
    users,
    namespaces: list.length > 0 ? list : ATTACKER_NAMESPACES,
    pods,
    admin,
    host,
    agents,
    ips,
    withAgent: agents.size > 0,
    withIPs: ips.size > 0
  };
}

/** The audit.k8s.io/v1 Event of one request stage, in the shape of the PerfSPEC-derived events. */
function eventOf(
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

const ATTACKER_AGENTS = ["kubectl/v1.27.3 (linux/amd64) kubernetes/25b4e43", "curl/7.88.1", "python-requests/2.31.0"];

/**
 * The client fields of an injected request, in the log's shape: none when the log records none; the identity's own
 * client for a hijacked identity (the stolen token replayed from the pod it was taken from), else the attacker's.
 */
function clientOf(
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

/** requestReceivedTimestamp in microseconds since the epoch, or null. */
function timeOf(e: Benign): number | null {
  const t = e?.requestReceivedTimestamp;
  if (typeof t !== "string") return null;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  const micros = /\.\d{3}(\d{3})/.exec(t);
  return ms * 1000 + (micros ? Number(micros[1]) : 0);
}

/** A time (µs) just after benign line `at`'s, before the next benign line's when that is later (within 50 ms). */
function between(times: readonly (number | null)[], at: number, random: () => number): number {
  let base: number | null = null;
  for (let i = at; i >= 0 && base === null; --i) base = times[i];
  base ??= Date.UTC(2023, 0, 1) * 1000;
  let next: number | null = null;
  for (let i = at + 1; i < times.length && next === null; ++i) next = times[i];
  const gap = next !== null && next > base ? Math.min(next - base, 50_000) : 1000;
  return base + 1 + Math.floor(random() * Math.max(1, gap - 1));
}

function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(micros % 1000).padStart(3, "0")}Z`);
}

/** A version-4 UUID from the seeded source. */
function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({length: n}, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}
