import assert from "node:assert/strict";
import {test} from "node:test";
import {countBy} from "../src/lib/countBy.js";

test("countBy(data, key) counts most frequent first, ties by key, null keys as (none)", () => {
  assert.deepEqual(
    countBy(["b", "a", null, "b", "a", "c"], (d) => d),
    [
      {key: "a", count: 2},
      {key: "b", count: 2},
      {key: "(none)", count: 1},
      {key: "c", count: 1}
    ]
  );
});
