import assert from "node:assert/strict";
import {test} from "node:test";
import {timeBin} from "../src/lib/timeBins.js";

test("timeBin(span) picks the smallest round width giving at most about 60 bins", () => {
  assert.deepEqual(timeBin(244), {seconds: 5, label: "5 s"});
  assert.deepEqual(timeBin(30), {seconds: 1, label: "1 s"});
  assert.deepEqual(timeBin(3 * 3600), {seconds: 300, label: "5 min"});
});

test("timeBin(span) stops at one day for very long logs", () => {
  assert.deepEqual(timeBin(400 * 86400), {seconds: 86400, label: "1 day"});
});
