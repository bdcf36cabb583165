/**
 * Suggestions for a context box where actions are typed one after another: completions of the last word being
 * typed, each offered as the whole text (what a browser's datalist shows), so the list helps with every action,
 * not only the first.
 * @example contextSuggestions("create_namespaces create_se", ["create_secrets", "get_pods"]) // ["create_namespaces create_secrets"]
 */
export function contextSuggestions(text: string, actions: readonly string[], limit = 40): string[] {
  const match = /^(.*?)([^\s,]*)$/s.exec(text) ?? ["", "", ""];
  const [, before, last] = match;
  const needle = last.toLowerCase();
  const starts = actions.filter((a) => a.toLowerCase().startsWith(needle));
  const contains = needle
    ? actions.filter((a) => !a.toLowerCase().startsWith(needle) && a.toLowerCase().includes(needle))
    : [];
  return [...starts, ...contains].slice(0, limit).map((a) => before + a);
}
