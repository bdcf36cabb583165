import assert from "node:assert/strict";
import {test} from "node:test";
import {pca} from "../src/lib/learn/pca.js";

const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test("pca(rows, 1) finds the axis of largest spread and projects onto it (centred)", () => {
  const {coordinates, components, explained} = pca(
    [
      [3, 1],
      [-1, 1],
      [1, 1.5],
      [1, 0.5]
    ],
    1
  );
  close(Math.abs(components[0][0]), 1);
  close(components[0][1], 0);
  assert.deepEqual(
    coordinates.map(([x]) => Math.round(x * 1e6) / 1e6 + 0),
    [2, -2, 0, 0]
  );
  close(explained[0], 8 / 8.5);
});

test("pca(rows, 2) returns orthonormal components with decreasing variances that sum to the total", () => {
  const rows = [
    [2, 0, 1],
    [0, 1, 3],
    [4, 2, 0],
    [1, 1, 1],
    [3, 5, 2],
    [0, 0, 4]
  ];
  const {components, variances, explained} = pca(rows, 3);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      close(
        components[i].reduce((s, x, k) => s + x * components[j][k], 0),
        i === j ? 1 : 0,
        1e-5
      );
  assert.ok(variances[0] >= variances[1] && variances[1] >= variances[2]);
  close(
    explained.reduce((a, b) => a + b, 0),
    1,
    1e-5
  );
});

test("pca(rows) recovers a rotated line: coordinates on PC 1 keep the points' order and distances", () => {
  const angle = 0.7;
  const rows = [-2, -1, 0, 1, 3].map((t) => [t * Math.cos(angle) + 5, t * Math.sin(angle) - 1]);
  const {coordinates, explained} = pca(rows, 2);
  const first = coordinates.map((c) => c[0]);
  const sign = Math.sign(first[4] - first[0]);
  [-2.2, -1.2, -0.2, 0.8, 2.8].forEach((t, i) => close(sign * first[i], t, 1e-5));
  close(explained[0], 1, 1e-6);
});

test("pca(rows) is deterministic and fixes each component's sign (largest entry positive)", () => {
  const rows = [
    [1, 2],
    [2, 1],
    [0, 0],
    [5, 3]
  ];
  assert.deepEqual(pca(rows), pca(rows));
  for (const c of pca(rows).components) assert.ok(c.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0) > 0);
});

test("pca(rows) rejects rows of different lengths", () => {
  assert.throws(() => pca([[1, 2], [3]]), /different lengths/);
});
