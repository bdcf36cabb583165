export interface Count {
  key: string;
  count: number;
}

/**
 * Counts of `key(d)` over `data`, most frequent first (ties by key); a null or undefined key counts as "(none)".
 * @example countBy(["b", "a", "b"], (d) => d) // [{key: "b", count: 2}, {key: "a", count: 1}]
 */
export function countBy<T>(data: Iterable<T>, key: (d: T) => string | null | undefined): Count[] {
  const counts = new Map<string, number>();
  for (const d of data) {
    const k = key(d) ?? "(none)";
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({key, count}))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
