/**
 * Kubernetes' controllers act on what others write: the deployment controller creates a replica set when a
 * deployment is written, the replica-set controller creates pods when a replica set is, the endpoint and
 * endpoint-slice controllers write endpoints when a service is. A controller's first write in a namespace right after
 * its input was written there by someone else is that chain at work (a new application being installed), not a
 * stolen controller identity stepping somewhere new; the same write with no such input just before stays news.
 * Metadata-level events carry what this needs: the user, the resource and the namespace of every write.
 */

/** The kube-controller-manager service accounts (kube-system) and the resources whose writes they reconcile. */
export const CONTROLLER_INPUTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "deployment-controller": ["deployments"],
  "replicaset-controller": ["replicasets"],
  "statefulset-controller": ["statefulsets"],
  "daemon-set-controller": ["daemonsets"],
  "job-controller": ["jobs"],
  "cronjob-controller": ["cronjobs"],
  "endpoint-controller": ["services"],
  "endpointslice-controller": ["services"],
  "endpointslicemirroring-controller": ["endpoints"]
});

const CONTROLLER_ACCOUNT = "system:serviceaccount:kube-system:";

/**
 * The resources whose writes `user` reconciles, when it is one of the controllers above; null otherwise.
 * @example controllerInputs("system:serviceaccount:kube-system:replicaset-controller") // ["replicasets"]
 */
export function controllerInputs(user: string | null): readonly string[] | null {
  if (user === null || !user.startsWith(CONTROLLER_ACCOUNT)) return null;
  return CONTROLLER_INPUTS[user.slice(CONTROLLER_ACCOUNT.length)] ?? null;
}
