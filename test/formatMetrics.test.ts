import assert from "node:assert/strict";
import {test} from "node:test";
import {formatInterval, formatPercent, formatScore} from "../src/lib/metrics/formatMetrics.js";

test("formatPercent(share) prints a percentage with one decimal", () => {
  assert.equal(formatPercent(0.2753), "27.5%");
  assert.equal(formatPercent(1), "100.0%");
  assert.equal(formatPercent(0), "0.0%");
});

test("formatScore(score) prints three decimals", () => {
  assert.equal(formatScore(0.12345), "0.123");
  assert.equal(formatScore(1), "1.000");
});

test("formatInterval(interval, format) brackets both ends, as percentages by default", () => {
  assert.equal(formatInterval([0.25, 0.3]), "[25.0%, 30.0%]");
  assert.equal(formatInterval([0.1, 0.2], formatScore), "[0.100, 0.200]");
});
