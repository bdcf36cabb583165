import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {run as detect} from "../src/cli/detect.js";
import {RequestUriTemplates} from "../src/lib/templates/requestUriTemplates.js";
import {loadTemplateActionRecords} from "../src/node/templateActions.js";

test("RequestUriTemplates.key(verb, uri) masks namespaces and names and keeps resources apart", () => {
  const t = new RequestUriTemplates();
  t.learn("create", "/api/v1/namespaces/dev/pods/web-1/exec?command=sh&stdin=true");
  t.learn("list", "/api/v1/namespaces/dev/pods?limit=500");
  t.learn("list", "/api/v1/namespaces/kube-system/configmaps");
  t.learn("get", "/api/v1/nodes/node-1");
  assert.equal(
    t.key("create", "/api/v1/namespaces/prod/pods/db-0/exec"),
    "create /api/v1/namespaces/<*>/pods/<*>/exec"
  );
  assert.equal(t.key("list", "/api/v1/namespaces/x/pods"), "list /api/v1/namespaces/<*>/pods");
  assert.equal(t.key("list", "/api/v1/namespaces/x/configmaps"), "list /api/v1/namespaces/<*>/configmaps");
  assert.equal(t.key("get", "/api/v1/nodes/node-2"), "get /api/v1/nodes/<*>");
  // An unseen shape keeps its masked path and is not learned.
  assert.equal(
    t.key("delete", "/apis/apps/v1/namespaces/a/deployments/b"),
    "delete /apis/apps/v1/namespaces/<*>/deployments/<*>"
  );
  assert.equal(t.keys().length, 4);
  assert.deepEqual(RequestUriTemplates.fromJSON(JSON.parse(JSON.stringify(t))).keys(), t.keys());
});

const dir = mkdtempSync(join(tmpdir(), "perfspec-uri-"));
after(() => rmSync(dir, {recursive: true, force: true}));
const lines = readFileSync(new URL("fixtures/detect/perfspec-derived-5001-5300.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n");
const [benign, later] = [join(dir, "benign.jsonl"), join(dir, "later.jsonl")];
writeFileSync(benign, lines.slice(0, 200).join("\n") + "\n");
writeFileSync(later, lines.slice(200).join("\n") + "\n");

test("loadTemplateActionRecords(paths) keys the kept actions by request-URI template", async () => {
  const {actions: records} = await loadTemplateActionRecords([benign]);
  assert.ok(records.length > 0);
  assert.ok(
    records.every((r) => /^[a-z]+ \//.test(r.action)),
    records[0].action
  );
  assert.ok(records.some((r) => r.action === "update /api/v1/namespaces/<*>/secrets/<*>"));
});

test("perfspec detect --train --action-key template flags request-URI templates never seen in training", async () => {
  const {code, stdout} = await runCaptured(detect, ["--train", benign, "--action-key", "template", "--json", later]);
  assert.equal(code, 0);
  const {flagged} = JSON.parse(stdout) as {flagged: {action: string; reasons: string[]}[]};
  assert.ok(flagged.some((f) => f.action === "patch /api/v1/nodes/<*>/status"));
  assert.ok(flagged.every((f) => /^[a-z]+ \//.test(f.action)));
  const usage = await runCaptured(detect, ["--model", dir, "--action-key", "template", later]);
  assert.equal(usage.code, 2);
});
