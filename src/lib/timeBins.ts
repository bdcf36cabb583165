/**
 * A round bin width for counting events over time: about `target` bins over `spanSeconds`, on steps a reader
 * knows (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h, 1 day), named for the axis label.
 * @example timeBin(244) // {seconds: 5, label: "5 s"}
 */
const steps: [number, string][] = [
  [1, "1 s"],
  [2, "2 s"],
  [5, "5 s"],
  [10, "10 s"],
  [15, "15 s"],
  [30, "30 s"],
  [60, "1 min"],
  [120, "2 min"],
  [300, "5 min"],
  [600, "10 min"],
  [900, "15 min"],
  [1800, "30 min"],
  [3600, "1 h"],
  [7200, "2 h"],
  [21600, "6 h"],
  [43200, "12 h"],
  [86400, "1 day"]
];

export function timeBin(spanSeconds: number, target = 60): {seconds: number; label: string} {
  const wanted = spanSeconds / target;
  const [seconds, label] = steps.find(([s]) => s >= wanted) ?? steps[steps.length - 1];
  return {seconds, label};
}
