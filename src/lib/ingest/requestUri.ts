/** What the API server's request-info parser would read from a request URI (used where objectRef is missing). */
export interface RequestUriInfo {
  /** Namespace of a namespaced resource request, null otherwise. */
  namespace: string | null;
  /** API group of a resource request ("" for the core group), null for non-resource URLs such as /healthz. */
  apiGroup: string | null;
}

// Subresources of a namespace object itself (/api/v1/namespaces/<ns>/status is not a resource called "status").
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/**
 * Parses `/api/v1/namespaces/<ns>/...` and `/apis/<group>/<version>/namespaces/<ns>/...`.
 * @example parseRequestUri("/apis/apps/v1/namespaces/argo-cd/deployments?limit=500") // {namespace: "argo-cd", apiGroup: "apps"}
 */
export function parseRequestUri(uri: string | null): RequestUriInfo {
  const none: RequestUriInfo = {namespace: null, apiGroup: null};
  if (uri === null) return none;
  const path = uri.split(/[?#]/, 1)[0];
  const parts = path
    .split("/")
    .filter((p) => p !== "")
    .map(decodeSegment);
  let apiGroup: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 2) {
    apiGroup = "";
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 3) {
    apiGroup = parts[1];
    rest = parts.slice(3);
  } else {
    return none;
  }
  if (rest[0] === "watch") rest = rest.slice(1); // deprecated /api/v1/watch/... form
  if (rest.length === 0) return none; // discovery document, not a resource
  let namespace: string | null = null;
  if (rest[0] === "namespaces" && rest.length >= 2) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  return rest.length > 0 ? {namespace, apiGroup} : none;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
