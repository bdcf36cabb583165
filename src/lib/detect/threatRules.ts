/**
 * The rules layer: Kubernetes threat-matrix techniques (Microsoft's Threat Matrix for Kubernetes, MITRE ATT&CK for
 * Containers) that are visible in Metadata-level audit events. Rules need no training and are reported apart from
 * the learned score, so a user sees which layer caught what. They read the subresource, which the `verb_resource`
 * action loses (pods/exec is `create_pods` there).
 */
import type {DetectEvent} from "./detectEvent.js";

export interface RuleHit {
  /** Stable id, e.g. "pods-exec". */
  rule: string;
  /** The threat-matrix technique. */
  technique: string;
  /** A sentence for a person, naming what the event did. */
  reason: string;
}

type RuleEvent = Pick<DetectEvent, "verb" | "resource" | "subresource" | "namespace" | "name" | "user" | "code">;

interface ThreatRule {
  rule: string;
  technique: string;
  match: (e: RuleEvent) => string | null;
}

const WRITE = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/** Kubelets and the control plane's own controllers do these things every day (mirror pods, pod tokens). */
export function isControlPlane(user: string | null): boolean {
  return (
    user !== null &&
    (user.startsWith("system:node:") ||
      user.startsWith("system:serviceaccount:kube-system:") ||
      user === "system:kube-controller-manager" ||
      user === "system:kube-scheduler" ||
      user === "system:apiserver")
  );
}

function where(e: RuleEvent): string {
  const object = e.name === null ? "" : ` ${e.name}`;
  return `${object}${e.namespace === null ? "" : ` in ${e.namespace}`}`;
}

const subresource = (name: string, technique: string, rule: string): ThreatRule => ({
  rule,
  technique,
  match: (e) =>
    e.resource === "pods" && e.subresource === name && (e.verb === "create" || e.verb === "get")
      ? `${e.verb} pods/${name}${where(e)}`
      : null
});

/** Every rule, in the order hits are listed. */
export const THREAT_RULES: readonly ThreatRule[] = [
  subresource("exec", "Execution: exec into container", "pods-exec"),
  subresource("attach", "Execution: attach to container", "pods-attach"),
  subresource("portforward", "Lateral movement: port-forward to a pod", "pods-portforward"),
  {
    rule: "serviceaccount-token",
    technique: "Credential access: service account token request",
    match: (e) =>
      e.resource === "serviceaccounts" && e.subresource === "token" && e.verb === "create" && !isControlPlane(e.user)
        ? `create serviceaccounts/token${where(e)}`
        : null
  },
  {
    rule: "admission-webhook-change",
    technique: "Persistence: admission webhook configuration changed",
    match: (e) =>
      (e.resource === "validatingwebhookconfigurations" || e.resource === "mutatingwebhookconfigurations") &&
      WRITE.has(e.verb)
        ? `${e.verb} ${e.resource}${where(e)}`
        : null
  },
  {
    rule: "csr-approval",
    technique: "Privilege escalation: certificate signing request approved",
    match: (e) =>
      e.resource === "certificatesigningrequests" && e.subresource === "approval" && WRITE.has(e.verb)
        ? `${e.verb} certificatesigningrequests/approval${where(e)}`
        : null
  },
  {
    rule: "kube-system-create",
    technique: "Persistence: pod or service account created in kube-system",
    match: (e) =>
      e.namespace === "kube-system" &&
      e.verb === "create" &&
      (e.resource === "pods" || e.resource === "serviceaccounts") &&
      e.subresource === null &&
      !isControlPlane(e.user)
        ? `create ${e.resource}${where(e)} by ${e.user ?? "an unknown user"}`
        : null
  },
  {
    rule: "anonymous",
    technique: "Initial access: anonymous request",
    // Anonymous GETs of non-resource URLs are health and version probes (/healthz, /livez, /readyz, /version).
    match: (e) =>
      e.user === "system:anonymous" && (e.resource !== null || e.verb !== "get")
        ? `request by system:anonymous: ${e.verb}${e.resource === null ? " (non-resource URL)" : ` ${e.resource}`}${where(e)}`
        : null
  },
  {
    rule: "denied",
    technique: "Discovery: denied request",
    match: (e) =>
      e.code === 401 || e.code === 403
        ? `denied (${e.code}): ${e.verb}${e.resource === null ? "" : ` ${e.resource}`}`
        : null
  }
];

/**
 * The rules `event` matches.
 * @example threatRuleHits({verb: "create", resource: "pods", subresource: "exec", namespace: "dev", name: "web-1", user: "alice", code: 101})
 * // [{rule: "pods-exec", technique: "Execution: exec into container", reason: "create pods/exec web-1 in dev"}]
 */
export function threatRuleHits(event: RuleEvent): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const {rule, technique, match} of THREAT_RULES) {
    const reason = match(event);
    if (reason !== null) hits.push({rule, technique, reason});
  }
  return hits;
}
