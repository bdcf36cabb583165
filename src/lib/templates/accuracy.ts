/** Log-parser accuracy against a ground truth, as loghub defines it. */

/**
 * Grouping accuracy: the share of lines whose parsed group holds exactly the lines of their ground-truth group.
 * @example groupingAccuracy(["a", "a", "b"], [1, 1, 1]) // 0 (the parsed group mixes a and b)
 */
export function groupingAccuracy(truth: readonly unknown[], parsed: readonly unknown[]): number {
  if (truth.length !== parsed.length) throw new Error(`${truth.length} truth labels but ${parsed.length} parsed`);
  if (truth.length === 0) return 0;
  const truthSizes = new Map<unknown, number>();
  for (const t of truth) truthSizes.set(t, (truthSizes.get(t) ?? 0) + 1);
  const groups = new Map<unknown, {truth: unknown; size: number; pure: boolean}>();
  parsed.forEach((p, i) => {
    const group = groups.get(p);
    if (!group) groups.set(p, {truth: truth[i], size: 1, pure: true});
    else {
      group.size++;
      if (group.truth !== truth[i]) group.pure = false;
    }
  });
  let correct = 0;
  for (const group of groups.values())
    if (group.pure && truthSizes.get(group.truth) === group.size) correct += group.size;
  return correct / truth.length;
}

/**
 * Parsing accuracy: the share of lines whose parsed template equals the ground-truth template (runs of whitespace
 * read as one space).
 * @example parsingAccuracy(["a <*>", "b"], ["a  <*>", "c"]) // 0.5
 */
export function parsingAccuracy(truth: readonly string[], parsed: readonly string[]): number {
  if (truth.length !== parsed.length) throw new Error(`${truth.length} truth templates but ${parsed.length} parsed`);
  if (truth.length === 0) return 0;
  const norm = (s: string) => s.trim().replace(/\s+/g, " ");
  let correct = 0;
  truth.forEach((t, i) => {
    if (norm(t) === norm(parsed[i])) correct++;
  });
  return correct / truth.length;
}
