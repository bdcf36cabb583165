/** Splits a PerfSPEC action `verb_resource` into its parts: `actionParts("update_secrets")` → {verb: "update", resource: "secrets"}. */
export function actionParts(action: string): {verb: string; resource: string} {
  // Verbs never contain "_" (Kubernetes verbs are single lowercase words); resources may be empty.
  const cut = action.indexOf("_");
  return cut < 0 ? {verb: action, resource: ""} : {verb: action.slice(0, cut), resource: action.slice(cut + 1)};
}
