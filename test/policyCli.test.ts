import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {run as detect} from "../src/cli/detect.js";
import {run as evaluate} from "../src/cli/evaluate.js";
import {run as prepare} from "../src/cli/prepare.js";
import {run as train} from "../src/cli/train.js";

// 300 real lines of the PerfSPEC-derived audit log: 41 actions with the perfspec policy, 61 with security.
const REAL = "test/fixtures/detect/perfspec-derived-5001-5300.jsonl";
const LATER = "test/fixtures/detect/later.jsonl";
const dir = mkdtempSync(join(tmpdir(), "perfspec-policy-"));
after(() => rmSync(dir, {recursive: true, force: true}));
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

test("perfspec prepare --policy security|<file> applies the preset or the file's fields over perfspec", async () => {
  const {code, stderr} = await runCaptured(prepare, [REAL, "--out", join(dir, "sec"), "--policy", "security"]);
  assert.equal(code, 0);
  assert.match(stderr, /actions 61 \(policy security\)/);
  assert.equal(json(join(dir, "sec", "report.json")).policy.preset, "security");
  writeFileSync(join(dir, "reads.json"), '{"keepReadsOf": ["secrets"]}');
  const file = await runCaptured(prepare, [REAL, "--out", join(dir, "reads"), "--policy", join(dir, "reads.json")]);
  assert.equal(file.code, 0);
  assert.match(file.stderr, /\(policy perfspec, with keepReadsOf changed\)/);
  assert.deepEqual(json(join(dir, "reads", "report.json")).policy.keepReadsOf, ["secrets"]);
});

test("perfspec prepare|train|detect --policy exit 2 for an unknown preset or a bad file, naming file and field", async () => {
  const bad = join(dir, "bad.json");
  writeFileSync(bad, '{"preset": "security", "deniedCodes": "403"}');
  const cases: [(argv: string[]) => Promise<number>, string[]][] = [
    [prepare, [REAL, "--out", join(dir, "never")]],
    [train, ["--model", "ngram", "--data", REAL, "--out", join(dir, "never")]],
    [detect, ["--train", REAL, LATER]]
  ];
  for (const [run, argv] of cases) {
    const unknown = await runCaptured(run, [...argv, "--policy", "secure"]);
    assert.equal(unknown.code, 2, argv.join(" "));
    assert.match(
      unknown.stderr,
      /--policy "secure": neither a preset \(perfspec, security\) nor a readable policy file/
    );
    const wrong = await runCaptured(run, [...argv, "--policy", bad]);
    assert.equal(wrong.code, 2, argv.join(" "));
    assert.match(wrong.stderr, /bad\.json: cleaning policy: deniedCodes must be a list of HTTP status codes/);
  }
});

test("perfspec train --policy security records the policy; evaluate uses it and refuses data of another policy", async () => {
  const model = join(dir, "model");
  const trained = await runCaptured(train, [
    "--model",
    "ngram",
    "--data",
    REAL,
    "--out",
    model,
    "--policy",
    "security"
  ]);
  assert.equal(trained.code, 0);
  assert.match(trained.stdout, /61 actions \(policy security\)/);
  assert.equal(json(join(model, "config.json")).data.policy.preset, "security");
  // Its own source, raw: prepared again with the model's policy, so the counts split.json recorded match.
  const again = await runCaptured(evaluate, ["--model", model, "--json"]);
  assert.equal(again.code, 0);
  assert.doesNotMatch(again.stderr, /data changed/);
  assert.equal(JSON.parse(again.stdout).n, json(join(model, "split.json")).counts.testWindows);
  await runCaptured(prepare, [REAL, "--out", join(dir, "perfspec")]);
  const refused = await runCaptured(evaluate, ["--model", model, "--data", join(dir, "perfspec")]);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /trained on actions of the security policy; .* prepared with the perfspec cleaning policy/
  );
  const mismatch = await runCaptured(train, [
    "--model",
    "ngram",
    "--data",
    join(dir, "perfspec"),
    "--policy",
    "security"
  ]);
  assert.equal(mismatch.code, 2);
});

test("perfspec detect --save records --policy; --model uses it, and refuses a different --policy", async () => {
  const saved = join(dir, "detector");
  const trained = await runCaptured(detect, [
    "--train",
    REAL,
    "--policy",
    "security",
    "--save",
    saved,
    LATER,
    "--json"
  ]);
  assert.equal(trained.code, 0);
  assert.equal(json(join(saved, "config.json")).data.policy.preset, "security");
  const loaded = await runCaptured(detect, ["--model", saved, LATER, "--json"]);
  assert.equal(loaded.code, 0);
  assert.deepEqual(JSON.parse(loaded.stdout), JSON.parse(trained.stdout));
  const refused = await runCaptured(detect, ["--model", saved, "--policy", "perfspec", LATER]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /trained on actions of the security cleaning policy; --policy perfspec differs/);
});
