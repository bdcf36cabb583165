/**
 * Principal component analysis of a small dense matrix (rows = items, columns = features), by power iteration
 * with deflation on the covariance matrix: enough for a 2-D map of ~200 learned action vectors, no dependency.
 */

export interface Pca {
  /** Coordinates of every row on each component: coordinates[i][c]. */
  coordinates: number[][];
  /** Unit-length principal directions, components[c][feature]. */
  components: number[][];
  /** Variance along each component. */
  variances: number[];
  /** Share of the total variance each component explains (0..1). */
  explained: number[];
}

/**
 * The first `k` principal components of `rows` (each row one item, all of equal length). Deterministic: the
 * power iteration starts from a fixed vector and each direction's sign is fixed (largest entry positive).
 * @example pca([[1, 0], [-1, 0], [0, 0.1], [0, -0.1]], 1).coordinates // [[1], [-1], [0], [0]] (up to sign)
 */
export function pca(rows: readonly ArrayLike<number>[], k = 2, iterations = 500): Pca {
  const n = rows.length;
  const d = n ? rows[0].length : 0;
  if (rows.some((r) => r.length !== d)) throw new Error("pca: rows have different lengths");
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`pca: k must be a positive integer, got ${k}`);
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const centred = rows.map((r) => Float64Array.from({length: d}, (_, j) => r[j] - mean[j]));
  const cov = Array.from({length: d}, () => new Float64Array(d));
  for (const r of centred)
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a][b] += (r[a] * r[b]) / Math.max(1, n - 1);
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a][b] = cov[b][a];
  const total = cov.reduce((s, row, j) => s + row[j], 0);
  const components: number[][] = [];
  const variances: number[] = [];
  for (let c = 0; c < Math.min(k, d); c++) {
    let v = Float64Array.from({length: d}, (_, j) => 1 + j / d);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = multiply(cov, v);
      const norm = Math.hypot(...w);
      if (norm < 1e-12) break;
      const next = w.map((x) => x / norm);
      const converged = next.every((x, j) => Math.abs(x - v[j]) < 1e-10);
      v = next;
      lambda = norm;
      if (converged) break;
    }
    let largest = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[largest])) largest = j;
    if (v[largest] < 0) v = v.map((x) => -x);
    components.push(Array.from(v));
    variances.push(lambda);
    // Deflate: remove the found direction so the next iteration finds the following one.
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
  }
  const coordinates = centred.map((r) => components.map((comp) => comp.reduce((s, x, j) => s + x * r[j], 0)));
  return {coordinates, components, variances, explained: variances.map((v) => (total > 0 ? v / total : 0))};
}

function multiply(m: readonly Float64Array[], v: Float64Array): Float64Array {
  return Float64Array.from(m, (row) => row.reduce((s, x, j) => s + x * v[j], 0));
}
