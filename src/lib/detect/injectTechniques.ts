/** The attack techniques `perfspec inject` generates: Kubernetes threat matrix / MITRE ATT&CK for Containers. */
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
