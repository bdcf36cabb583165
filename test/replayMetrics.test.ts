import assert from "node:assert/strict";
import {test} from "node:test";
import {isLocalStreamUrl, replayMetrics, seenAt} from "../src/lib/live/replayMetrics.js";

test("replayMetrics(attack, flagged, window) counts precision and recall so far and over the last window events", () => {
  const points = replayMetrics([true, false, true, true], [true, true, false, true], 2);
  assert.deepEqual(
    points.map((p) => [p.alerts, p.attacks, p.caught]),
    [
      [1, 1, 1],
      [2, 1, 1],
      [2, 2, 1],
      [3, 3, 2]
    ]
  );
  assert.deepEqual(
    points.map((p) => [p.precision, p.recall]),
    [
      [1, 1],
      [0.5, 1],
      [0.5, 0.5],
      [2 / 3, 2 / 3]
    ]
  );
  // The last two events: one missed attack, one caught.
  assert.deepEqual([points[3].rollingPrecision, points[3].rollingRecall], [1, 0.5]);
  assert.ok(Number.isNaN(replayMetrics([false], [false], 5)[0].precision));
  assert.throws(() => replayMetrics([true], [], 1), /differ in length/);
});

test("seenAt(times, t) is how many times are at or before t", () => {
  assert.deepEqual(
    [5, 10, 20, 25, 30, 99].map((t) => seenAt([10, 20, 20, 30], t)),
    [0, 1, 3, 3, 4, 4]
  );
});

test("isLocalStreamUrl(text) accepts http(s) on 127.0.0.1, localhost and [::1] only", () => {
  for (const ok of ["http://127.0.0.1:8088/alerts", "https://localhost/alerts", "http://[::1]:8088/alerts"])
    assert.equal(isLocalStreamUrl(ok), true, ok);
  for (const bad of [
    "http://127.0.0.1.evil.example/alerts",
    "https://example.com/alerts",
    "http://user:pw@127.0.0.1/alerts",
    "javascript:alert(1)",
    "127.0.0.1:8088/alerts",
    ""
  ])
    assert.equal(isLocalStreamUrl(bad), false, bad);
});
