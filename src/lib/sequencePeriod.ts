/**
 * Smallest p such that s[i] === s[i + p] for all i, via the Knuth–Morris–Pratt failure function (O(n)): the
 * sequence is copies of its first p items (the last copy possibly partial). n for an aperiodic s, 0 for an empty one.
 * Used by the ingest repetition check and the leakage audit.
 * @example smallestPeriod([1, 2, 3, 1, 2, 3, 1]) // 3
 * @example smallestPeriod(["a", "b", "c"]) // 3
 */
export function smallestPeriod<T>(s: ArrayLike<T>): number {
  const n = s.length;
  if (n === 0) return 0;
  const fail = new Int32Array(n);
  for (let i = 1, k = 0; i < n; i++) {
    while (k > 0 && s[i] !== s[k]) k = fail[k - 1];
    if (s[i] === s[k]) k++;
    fail[i] = k;
  }
  return n - fail[n - 1];
}
