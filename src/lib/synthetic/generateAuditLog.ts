/**
 * Synthetic Kubernetes audit logs (audit.k8s.io/v1 JSON lines) drawn from an AuditLogModel: actions follow the
 * fitted Markov chain, each event copies a real template of its action and gets the fields the PerfSPEC CSV lost
 * (userAgent, sourceIPs, annotations, stageTimestamp) at realistic sizes. Deterministic for a given seed.
 * @example for (const line of generateAuditLines(model, {events: 1000, seed: 1})) out.write(line + "\n");
 */
import type {AuditLogModel, AuditTemplate} from "./auditLogModel.js";
import {randomLcg} from "d3";

export interface GenerateOptions {
  /** Number of lines (a ResponseStarted/ResponseComplete pair is two lines of one request). */
  events: number;
  /** Default 1. */
  seed?: number;
  /** Time of the first request, ms since the epoch. Default 2023-01-27T18:28:08Z (the real log's start). */
  startMs?: number;
}

/** Lines until a watch's ResponseComplete follows its ResponseStarted. */
const WATCH_COMPLETE_AFTER = 200;

export function* generateAuditLines(model: AuditLogModel, options: GenerateOptions): Generator<string> {
  const random = randomLcg(options.seed ?? 1);
  let micros = (options.startMs ?? Date.UTC(2023, 0, 27, 18, 28, 8)) * 1000;
  let resourceVersion = 6_577_334;
  let action = pick(model.start, random);
  const pending: {due: number; event: Record<string, unknown>}[] = [];
  const profiles = new Map<string, {userAgent: string; ip: string}>();
  for (let line = 0; line < options.events;) {
    if (pending.length && pending[0].due <= line) {
      const {event} = pending.shift()!;
      event.stage = "ResponseComplete";
      event.stageTimestamp = timestamp(micros);
      yield JSON.stringify(event);
      line++;
      continue;
    }
    const templates = model.templates[action];
    const template = templates[Math.floor(random() * templates.length)];
    micros += Math.max(1, Math.round((-Math.log(1 - random()) * model.medianGapMicros) / Math.LN2));
    resourceVersion += 1 + Math.floor(random() * 3);
    let profile = profiles.get(template.user);
    if (!profile) profiles.set(template.user, (profile = userProfile(template.user, profiles.size)));
    const paired = template.verb === "watch" && random() < model.watchPairShare && line + 1 < options.events;
    const event = auditEvent(template, profile, micros, resourceVersion, random, paired);
    yield JSON.stringify(event);
    line++;
    if (paired) pending.push({due: line + WATCH_COMPLETE_AFTER, event});
    const [next, cumulative] = model.transitions[action];
    action = next.length ? next[search(cumulative, random())] : pick(model.start, random);
  }
}

function auditEvent(
  t: AuditTemplate,
  profile: {userAgent: string; ip: string},
  micros: number,
  resourceVersion: number,
  random: () => number,
  started: boolean
): Record<string, unknown> {
  const received = timestamp(micros);
  const done = timestamp(micros + 200 + Math.floor(random() * 20_000));
  const allowed = t.code !== 401 && t.code !== 403;
  const event: Record<string, unknown> = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: t.level,
    auditID: uuid(random),
    stage: started ? "ResponseStarted" : "ResponseComplete",
    requestURI: t.requestURI.replace(/resourceVersion=\d+/, `resourceVersion=${resourceVersion}`),
    verb: t.verb,
    user: {username: t.user, groups: groupsOf(t.user)},
    sourceIPs: [profile.ip],
    userAgent: profile.userAgent
  };
  if (t.objectRef) event.objectRef = t.objectRef;
  event.responseStatus = allowed
    ? {metadata: {}, code: t.code}
    : {
        metadata: {},
        status: "Failure",
        message: `forbidden: User "${t.user}" cannot ${t.verb} resource`,
        reason: "Forbidden",
        code: t.code
      };
  event.requestReceivedTimestamp = received;
  event.stageTimestamp = started ? received : done;
  event.annotations = {
    "authorization.k8s.io/decision": allowed ? "allow" : "forbid",
    "authorization.k8s.io/reason": allowed
      ? `RBAC: allowed by ClusterRoleBinding "${bindingOf(t.user)}" of ClusterRole "${bindingOf(t.user)}" to ${subjectOf(t.user)}`
      : ""
  };
  return event;
}

/** A stable userAgent and source IP per user, in the forms kube-apiserver records. */
function userProfile(user: string, n: number): {userAgent: string; ip: string} {
  const build = "(linux/amd64) kubernetes/8f94681";
  let userAgent: string;
  if (user === "kubernetes-admin") userAgent = `Helm/3.11.0 ${build}`;
  else if (user.startsWith("system:node:")) userAgent = `kubelet/v1.26.1 ${build}`;
  else if (user.startsWith("system:serviceaccount:")) {
    const [, , namespace, name] = user.split(":");
    userAgent = `${name}/v0.0.0 ${build}/${namespace}-controller`;
  } else userAgent = `${user.replace(/^system:/, "")}/v1.26.1 ${build}/leader-election`;
  const ip = user.startsWith("system:serviceaccount:")
    ? `10.244.${1 + (n % 3)}.${10 + n}`
    : `192.168.56.${10 + (n % 5)}`;
  return {userAgent, ip};
}

function groupsOf(user: string): string[] {
  if (user.startsWith("system:serviceaccount:"))
    return ["system:serviceaccounts", `system:serviceaccounts:${user.split(":")[2]}`, "system:authenticated"];
  if (user.startsWith("system:node:")) return ["system:nodes", "system:authenticated"];
  if (user === "kubernetes-admin") return ["system:masters", "system:authenticated"];
  return ["system:authenticated"];
}

function bindingOf(user: string): string {
  if (user === "kubernetes-admin") return "cluster-admin";
  if (user.startsWith("system:serviceaccount:")) return user.split(":")[3];
  return user;
}

function subjectOf(user: string): string {
  if (user.startsWith("system:serviceaccount:")) {
    const [, , namespace, name] = user.split(":");
    return `ServiceAccount "${name}/${namespace}"`;
  }
  return user === "kubernetes-admin" ? `Group "system:masters"` : `User "${user}"`;
}

function timestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().slice(0, 23) + String(micros % 1000).padStart(3, "0") + "Z";
}

function uuid(random: () => number): string {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, "0");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
}

/** Index of the first cumulative probability above u. */
function search(cumulative: number[], u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function pick(probabilities: number[], random: () => number): number {
  let u = random();
  for (let i = 0; i < probabilities.length; i++) if ((u -= probabilities[i]) < 0) return i;
  return probabilities.length - 1;
}
