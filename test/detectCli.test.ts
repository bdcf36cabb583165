import assert from "node:assert/strict";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {run as detect} from "../src/cli/detect.js";

const FIXTURES = "test/fixtures/detect";
const dir = mkdtempSync(join(tmpdir(), "perfspec-detect-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const detectCaptured = (argv: string[]) => runCaptured(detect, argv);

test("perfspec detect --train benign --json prints {events, flagged: [{file, line, auditID, ..., reasons, rules, expected}]}", async () => {
  const {code, stdout} = await detectCaptured([
    "--train",
    `${FIXTURES}/benign.jsonl`,
    `${FIXTURES}/later.jsonl`,
    "--top-g",
    "2",
    "--json"
  ]);
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.deepEqual(Object.keys(result), ["events", "flagged"]);
  assert.equal(result.events, 5);
  assert.deepEqual(Object.keys(result.flagged[0]), [
    "file",
    "line",
    "auditID",
    "user",
    "namespace",
    "action",
    "score",
    "reasons",
    "rules",
    "expected"
  ]);
  assert.deepEqual(
    result.flagged.map((f: {line: number; user: string; reasons: string[]; rules: {rule: string}[]}) => [
      f.line,
      f.user,
      f.reasons,
      f.rules.map((r) => r.rule)
    ]),
    [
      [
        2,
        "alice",
        ["not in top-2 (rank 3); expected create_services, create_deployments", "first create_pods by this user"],
        ["pods-exec"]
      ],
      [
        4,
        "alice",
        ["create_serviceaccounts never seen in training", "first action of this user in kube-system"],
        ["kube-system-create"]
      ],
      [
        5,
        "bob",
        ["delete_secrets never seen in training", "user bob never seen in training", "denied (403)"],
        ["denied"]
      ],
      [6, "alice", ["not in top-2 (rank 3); expected create_deployments, create_pods"], []]
    ]
  );
  assert.equal(result.flagged[0].file, `${FIXTURES}/later.jsonl`);
  assert.equal(result.flagged[0].auditID, "00000000-0000-4000-8000-000000000026");
});

test("perfspec detect names a bad input line by file and line and keeps the good ones", async () => {
  const {code, stderr, stdout} = await detectCaptured([
    "--train",
    `${FIXTURES}/benign.jsonl`,
    `${FIXTURES}/later.jsonl`,
    "--json"
  ]);
  assert.equal(code, 0);
  assert.match(stderr, /problem: test\/fixtures\/detect\/later\.jsonl:3: broken JSON/);
  assert.equal(JSON.parse(stdout).events, 5);
});

test("perfspec detect --save then --model gives the same flags as --train", async () => {
  const saved = join(dir, "detector");
  const args = [`${FIXTURES}/later.jsonl`, "--top-g", "2", "--json"];
  const trained = await detectCaptured(["--train", `${FIXTURES}/benign.jsonl`, "--save", saved, ...args]);
  const loaded = await detectCaptured(["--model", saved, ...args]);
  assert.equal(loaded.code, 0);
  assert.deepEqual(JSON.parse(loaded.stdout), JSON.parse(trained.stdout));
});

test("perfspec detect --format sequences prints {sessions, events, flagged: [{file, line, position, key, expected}]}", async () => {
  const {code, stdout, stderr} = await detectCaptured([
    "--format",
    "sequences",
    "--train",
    `${FIXTURES}/train.keys`,
    `${FIXTURES}/test.keys`,
    "--top-g",
    "1",
    "--json"
  ]);
  assert.equal(code, 0);
  assert.match(stderr, /problem: test\/fixtures\/detect\/test\.keys:3: not an integer key: "x"/);
  const file = `${FIXTURES}/test.keys`;
  assert.deepEqual(JSON.parse(stdout), {
    sessions: 3,
    events: 17,
    flagged: [
      {file, line: 2, position: 3, key: "<end>", expected: ["11"]},
      {file, line: 4, position: 4, key: "26", expected: ["9"]},
      {file, line: 4, position: 5, key: "9", expected: ["21"]},
      {file, line: 4, position: 6, key: "21", expected: ["26"]}
    ]
  });
});

test("perfspec detect --format sequences --save then --model gives the same flags (the end key is in the vocabulary)", async () => {
  const saved = join(dir, "keys");
  const args = ["--format", "sequences", `${FIXTURES}/test.keys`, "--top-g", "1", "--json"];
  const trained = await detectCaptured(["--train", `${FIXTURES}/train.keys`, "--save", saved, ...args]);
  const loaded = await detectCaptured(["--model", saved, ...args]);
  assert.equal(loaded.code, 0);
  assert.deepEqual(JSON.parse(loaded.stdout), JSON.parse(trained.stdout));
});

test("perfspec detect exits 2 on usage errors and 0 when nothing is flagged", async () => {
  assert.equal((await detectCaptured([`${FIXTURES}/later.jsonl`])).code, 2);
  assert.equal((await detectCaptured(["--train", `${FIXTURES}/benign.jsonl`])).code, 2);
  assert.equal((await detectCaptured(["--train", `${FIXTURES}/benign.jsonl`, "--top-g", "0", "x"])).code, 2);
  assert.equal((await detectCaptured(["--train", `${FIXTURES}/benign.jsonl`, "--format", "csv", "x"])).code, 2);
  assert.equal((await detectCaptured(["--bogus"])).code, 2);
  assert.equal((await detectCaptured(["--format", "sequences", "--train", "x", "y", "--high-recall"])).code, 2);
  assert.equal((await detectCaptured(["--format", "sequences", "--train", "x", "y", "--precise"])).code, 2);
  assert.equal((await detectCaptured(["--train", "x", "y", "--precise", "--high-recall"])).code, 2);
  const clean = await detectCaptured(["--train", `${FIXTURES}/benign.jsonl`, `${FIXTURES}/benign.jsonl`, "--json"]);
  assert.deepEqual([clean.code, JSON.parse(clean.stdout).flagged.length], [0, 0]);
});

test("perfspec detect (--high-recall, the default) judges reads by their context and flags the next request after an alert; --precise does not", async () => {
  // alice works in dev, bob in prod; later alice lists secrets in prod twice, then goes back to her config maps in dev.
  let n = 0;
  const line = (user: string, verb: string, resource: string, namespace: string) =>
    JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: `00000000-0000-4000-9000-${String(++n).padStart(12, "0")}`,
      stage: "ResponseComplete",
      verb,
      user: {username: user},
      objectRef: {resource, apiVersion: "v1", namespace},
      responseStatus: {metadata: {}, code: 200},
      requestReceivedTimestamp: `2026-11-30T10:00:${String(n).padStart(2, "0")}.000000Z`
    });
  const benign = join(dir, "high-recall-benign.jsonl");
  const later = join(dir, "high-recall-later.jsonl");
  writeFileSync(
    benign,
    [0, 1, 2]
      .flatMap(() => [line("alice", "update", "configmaps", "dev"), line("bob", "update", "configmaps", "prod")])
      .join("\n") + "\n"
  );
  writeFileSync(
    later,
    [
      line("alice", "list", "secrets", "prod"),
      line("alice", "list", "secrets", "prod"),
      line("alice", "update", "configmaps", "dev")
    ].join("\n") + "\n"
  );
  const flagged = async (...extra: string[]) =>
    JSON.parse((await detectCaptured(["--train", benign, later, "--json", ...extra])).stdout).flagged.map(
      (f: {line: number; reasons: string[]}) => [f.line, f.reasons]
    );
  assert.deepEqual(await flagged("--precise"), []);
  const high = [
    [1, ["first action of this user in prod", "first list_secrets by this user"]],
    [2, ["next request of this user in prod after an alert"]]
  ];
  assert.deepEqual(await flagged(), high);
  assert.deepEqual(await flagged("--high-recall"), high);
});
