import assert from "node:assert/strict";
import {test} from "node:test";
import {countBy} from "../src/components/countBars.js";

test("countBy(data, key) counts each key, most frequent first, ties by key, null and undefined as (none)", () => {
  const rows = [{u: "b"}, {u: "a"}, {u: null}, {u: "b"}, {u: undefined}, {u: "c"}];
  assert.deepEqual(
    countBy(rows, (d) => d.u),
    [
      {key: "(none)", count: 2},
      {key: "b", count: 2},
      {key: "a", count: 1},
      {key: "c", count: 1}
    ]
  );
  assert.deepEqual(
    countBy([], (d: {u: string}) => d.u),
    []
  );
});
