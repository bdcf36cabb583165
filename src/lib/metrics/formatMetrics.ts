/**
 * How pages print metrics: shares as percentages with one decimal, F1 scores with three, intervals in
 * brackets. The same strings on every page (and in the command line's tables) keep figures comparable.
 */

/** @example formatPercent(0.2753) // "27.5%" */
export function formatPercent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/** @example formatScore(0.12345) // "0.123" */
export function formatScore(score: number): string {
  return score.toFixed(3);
}

/** @example formatInterval([0.25, 0.3]) // "[25.0%, 30.0%]"; formatInterval([0.1, 0.2], formatScore) // "[0.100, 0.200]" */
export function formatInterval(
  [low, high]: readonly [number, number],
  format: (x: number) => string = formatPercent
): string {
  return `[${format(low)}, ${format(high)}]`;
}
