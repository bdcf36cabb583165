import {rollups} from "d3";

export interface Count {
  key: string;
  count: number;
}

/**
 * Counts of `key(d)` over `data`, most frequent first (ties by key); a null or undefined key counts as "(none)".
 * @example countBy(["b", "a", "b"], (d) => d) // [{key: "b", count: 2}, {key: "a", count: 1}]
 */
export function countBy<T>(data: Iterable<T>, key: (d: T) => string | null | undefined): Count[] {
  return rollups(
    data,
    (group) => group.length,
    (d) => key(d) ?? "(none)"
  )
    .map(([key, count]) => ({key, count}))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
