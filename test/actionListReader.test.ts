import assert from "node:assert/strict";
import {test} from "node:test";
import {ActionListReader} from "../src/lib/ingest/actionListReader.js";
import {recordingSink} from "./recordingSink.js";

test("ActionListReader sends verb_resource lines as actions and rejects anything else", () => {
  const {sink, calls} = recordingSink();
  const reader = new ActionListReader(sink);
  ["create_pods", " delete_ ", "Create pods", "\u0007create_pods"].forEach((text, i) => reader.addLine(i + 1, text));
  reader.addLine(5, "create_pods", {invalidUtf8: true});
  reader.end();
  assert.deepEqual(calls, [
    ["action", "create_pods"],
    ["action", "delete_"],
    ["reject", 3, 'not a verb_resource action: "Create pods"'],
    ["reject", 4, "control characters (binary data?)"],
    ["reject", 5, "invalid UTF-8"]
  ]);
});
