/**
 * Provenance of an install: Helm 3 stores each release in a secret `sh.helm.release.v1.<release>.v<revision>` in the
 * release's namespace, written (created, then updated) by whoever runs `helm install/upgrade`, and names the chart's
 * objects after the release (`my-cert-manager`, `my-cert-manager-webhook`, `my-cert-manager:leaderelection`). An
 * event on an object named after a release the stream has seen is that install at work: the installer's writes of
 * its RBAC, webhooks and hook jobs, the controllers' replica sets, endpoints and pod bindings for its workloads, its
 * own components managing its webhook configurations. Metadata-level audit events carry all of this (the secret's
 * name, the object's name and namespace, the user).
 */
import type {DetectEvent} from "./detectEvent.js";

/** One release: where its secret lives and who wrote it. */
export interface HelmRelease {
  namespace: string;
  installers: string[];
}

const RELEASE_SECRET = /^sh\.helm\.release\.v1\.(.+)\.v\d+$/;
const WRITES = new Set(["create", "update", "patch"]);

/**
 * The release an event records, when it writes a Helm release secret.
 * @example releaseWritten({verb: "create", resource: "secrets", name: "sh.helm.release.v1.my-app.v1", namespace: "apps"}) // "my-app"
 */
export function releaseWritten(e: Pick<DetectEvent, "verb" | "resource" | "name" | "namespace">): string | null {
  if (e.resource !== "secrets" || e.namespace === null || e.name === null || !WRITES.has(e.verb)) return null;
  return RELEASE_SECRET.exec(e.name)?.[1] ?? null;
}

/**
 * Whether `name` is the release's name or one derived from it (`<release>-…`, `<release>:…`, `<release>.…`).
 * @example namedAfter("my-app-web-5d8f", "my-app") // true
 */
export function namedAfter(name: string, release: string): boolean {
  if (!name.startsWith(release)) return false;
  const next = name.charAt(release.length);
  return next === "" || next === "-" || next === ":" || next === ".";
}

/**
 * The release `e` belongs to, if any: its object is named after a known release, and it acts in the release's
 * namespace; or in the cluster scope as one of the release's own accounts (ownedBy); or anywhere as its installer
 * (who also writes leader-election roles in kube-system). A hijacked identity writing its usual objects in another
 * namespace belongs to no release, nor does anyone else's write to a cluster role named after one.
 * @example installOf(event, releases) // "my-cert-manager"
 */
export function installOf(
  e: Pick<DetectEvent, "name" | "namespace" | "user">,
  releases: ReadonlyMap<string, HelmRelease>
): string | null {
  if (e.name === null) return null;
  for (const [release, r] of releases)
    if (
      namedAfter(e.name, release) &&
      (e.namespace === r.namespace ||
        (e.namespace === null && ownedBy(e.user, r)) ||
        (e.user !== null && r.installers.includes(e.user)))
    )
      return release;
  return null;
}

/**
 * Whether `user` is the release's own: one of its installers, or a service account of its namespace (cert-manager's
 * CA injector updating cert-manager's webhook configurations).
 * @example ownedBy("system:serviceaccount:cert-manager:my-cert-manager-cainjector", {namespace: "cert-manager", installers: []}) // true
 */
export function ownedBy(user: string | null, release: HelmRelease): boolean {
  if (user === null) return false;
  return release.installers.includes(user) || user.startsWith(`system:serviceaccount:${release.namespace}:`);
}
