import assert from "node:assert/strict";
import {test} from "node:test";
import {projectActions} from "../src/lib/learn/actionProjection.js";
import {PAD, UNK} from "../src/lib/learn/vocabulary.js";

const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0; // + 0 turns -0 into 0

test("projectActions(vectors, vocabulary) places every action but PAD and UNK on the first two principal components", () => {
  const vocabulary = {actions: [PAD, UNK, "get_pods", "delete_pods", "create_secrets", "list_nodes"]};
  const vectors = [
    [9, 9], // PAD and UNK are left out of the PCA
    [9, 9],
    [2, 0],
    [-2, 0],
    [0, 1],
    [0, -1]
  ];
  const {points, explained} = projectActions(vectors, vocabulary);
  assert.deepEqual(
    points.map((p) => ({...p, x: round(p.x), y: round(p.y)})),
    [
      {x: 2, y: 0, action: "get_pods", verb: "get", count: 4},
      {x: -2, y: 0, action: "delete_pods", verb: "delete", count: 3},
      {x: 0, y: 1, action: "create_secrets", verb: "create", count: 2},
      {x: 0, y: -1, action: "list_nodes", verb: "list", count: 1}
    ]
  );
  assert.deepEqual(explained.map(round), [0.8, 0.2]);
});
