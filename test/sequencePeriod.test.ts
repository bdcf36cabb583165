import assert from "node:assert/strict";
import {test} from "node:test";
import {smallestPeriod} from "../src/lib/sequencePeriod.js";

test("smallestPeriod(s) is the length of the block s repeats, the last copy possibly partial", () => {
  assert.equal(smallestPeriod([1, 2, 3, 1, 2, 3, 1]), 3);
  assert.equal(smallestPeriod(Int32Array.of(5, 5, 5, 5)), 1);
  assert.equal(smallestPeriod([..."abaababaab"]), 5);
});

test("smallestPeriod(s) is s.length for an aperiodic s and 0 for an empty one", () => {
  assert.equal(smallestPeriod([..."abcd"]), 4);
  assert.equal(smallestPeriod([..."aab"]), 3);
  assert.equal(smallestPeriod([]), 0);
});
