/**
 * The attack campaigns of `perfspec inject`: for each technique, the requests an attacker makes, using identities,
 * namespaces and pods that exist in the benign log before the campaign (knownBefore).
 */
import type {Technique} from "./injectTechniques.js";

/** What the generator reads of one benign line (null for a line that is not an audit Event). */
export type Benign = Record<string, unknown> | null;

export interface Known {
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

export interface Step {
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

export interface Draw {
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
export const CAMPAIGNS: Record<Technique, (known: Known, draw: Draw) => Step[]> = {
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
export function knownBefore(benign: readonly Benign[], end: number): Known {
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
