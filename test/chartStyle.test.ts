import assert from "node:assert/strict";
import {test} from "node:test";
import {charsIn, labelMargin, truncate} from "../src/components/chartStyle.js";

test("truncate(label, chars) keeps both ends of a long name around an ellipsis, and short names whole", () => {
  assert.equal(truncate("system:serviceaccount:kube-system:job-controller", 24), "system:se…job-controller");
  assert.equal(truncate("system:serviceaccount:kube-system:job-controller", 24).length, 24);
  assert.equal(truncate("get_pods", 24), "get_pods");
});

test("labelMargin(labels, {max}) fits the longest label at 13 px plus the tick, up to max", () => {
  assert.equal(labelMargin(["pods", "secrets"], {max: 300}), 12 + Math.ceil(7 * 13 * 0.6));
  assert.equal(labelMargin(["x".repeat(200)], {max: 300}), 300);
  assert.equal(charsIn(78), 10);
});
