/**
 * Isolation forest (Liu, Ting and Zhou, ICDM 2008): random axis-aligned splits isolate rare points in fewer steps.
 * Seeded (d3's randomLcg), pure, small: the unsupervised detector on window features. Fit on benign rows only.
 */
import {randomLcg} from "d3";

export interface IsolationForestOptions {
  /** Trees (default 100). */
  trees?: number;
  /** Rows drawn per tree (default 256, the paper's ψ). */
  sampleSize?: number;
  /** Seed of the LCG (default 42). */
  seed?: number;
}

type Node = {leaf: true; size: number} | {leaf: false; column: number; split: number; left: Node; right: Node};

/** Average path length of an unsuccessful search in a binary search tree of n points (the paper's c(n)). */
function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  private readonly roots: Node[];
  private readonly norm: number;

  private constructor(roots: Node[], sampleSize: number) {
    this.roots = roots;
    this.norm = averagePath(sampleSize);
  }

  /**
   * Grows the forest on `rows` (all the same length).
   * @example IsolationForest.fit(benignRows, {seed: 1}).score(row) // 0.4 (ordinary) … 0.8 (isolated fast)
   */
  static fit(rows: readonly (readonly number[])[], options: IsolationForestOptions = {}): IsolationForest {
    if (rows.length === 0) throw new Error("isolation forest: no rows to fit");
    const {trees = 100, sampleSize = 256, seed = 42} = options;
    const random = randomLcg(seed);
    const psi = Math.min(sampleSize, rows.length);
    const limit = Math.ceil(Math.log2(Math.max(psi, 2)));
    const roots: Node[] = [];
    for (let t = 0; t < trees; ++t) {
      const sample: (readonly number[])[] = [];
      for (let i = 0; i < psi; ++i) sample.push(rows[Math.floor(random() * rows.length)]);
      roots.push(grow(sample, 0, limit, random));
    }
    return new IsolationForest(roots, psi);
  }

  /** Anomaly score in (0, 1): 2^(-E[path] / c(ψ)); above 0.5 is shorter than average. */
  score(row: readonly number[]): number {
    let sum = 0;
    for (const root of this.roots) sum += pathLength(root, row, 0);
    return this.norm === 0 ? 0.5 : Math.pow(2, -sum / this.roots.length / this.norm);
  }
}

function grow(rows: (readonly number[])[], depth: number, limit: number, random: () => number): Node {
  if (depth >= limit || rows.length <= 1) return {leaf: true, size: rows.length};
  // Columns that vary in this node; a node of identical rows is a leaf.
  const columns: number[] = [];
  const width = rows[0].length;
  for (let c = 0; c < width; ++c) {
    const first = rows[0][c];
    if (rows.some((r) => r[c] !== first)) columns.push(c);
  }
  if (columns.length === 0) return {leaf: true, size: rows.length};
  const column = columns[Math.floor(random() * columns.length)];
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    min = Math.min(min, r[column]);
    max = Math.max(max, r[column]);
  }
  const split = min + random() * (max - min);
  const left = rows.filter((r) => r[column] < split);
  const right = rows.filter((r) => r[column] >= split);
  return {
    leaf: false,
    column,
    split,
    left: grow(left, depth + 1, limit, random),
    right: grow(right, depth + 1, limit, random)
  };
}

function pathLength(node: Node, row: readonly number[], depth: number): number {
  while (!node.leaf) {
    node = row[node.column] < node.split ? node.left : node.right;
    ++depth;
  }
  return depth + averagePath(node.size);
}
