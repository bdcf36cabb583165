/** Integer codes of labels (index in the sorted union of all given arrays), for fast resampling. */
export function labelCodes(...arrays: readonly (readonly string[])[]): {labels: string[]; codes: Int32Array[]} {
  const labels = [...new Set(arrays.flat())].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  return {labels, codes: arrays.map((a) => Int32Array.from(a, (l) => index.get(l)!))};
}

/** Macro F1 of coded labels over the positions `sample`, averaged over the labels present (true or predicted). */
export function macroF1OfCodes(
  truth: Int32Array,
  predicted: Int32Array,
  labelCount: number,
  sample?: Int32Array
): number {
  const tp = new Int32Array(labelCount);
  const trueCount = new Int32Array(labelCount);
  const predCount = new Int32Array(labelCount);
  const n = sample ? sample.length : truth.length;
  for (let s = 0; s < n; ++s) {
    const i = sample ? sample[s] : s;
    ++trueCount[truth[i]];
    ++predCount[predicted[i]];
    if (truth[i] === predicted[i]) ++tp[truth[i]];
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < labelCount; ++c) {
    if (trueCount[c] === 0 && predCount[c] === 0) continue;
    ++present;
    // F1 = 2 tp / (true + predicted), the same as 2PR/(P+R) with zero-division giving 0.
    sum += (2 * tp[c]) / (trueCount[c] + predCount[c]);
  }
  return present ? sum / present : 0;
}
