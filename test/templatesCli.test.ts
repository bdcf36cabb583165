import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {spawnSync} from "node:child_process";
import {after, test} from "node:test";
import {runCaptured} from "./captureCommand.js";
import {run as templates} from "../src/cli/templates.js";

const dir = mkdtempSync(join(tmpdir(), "perfspec-templates-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const log = join(dir, "hdfs.log");
writeFileSync(
  log,
  [
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
    "this line has no HDFS header",
    "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating",
    "081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864"
  ].join("\n") + "\n"
);

const templatesCaptured = (argv: string[]) => runCaptured(templates, argv);

test("perfspec templates --preset HDFS --json prints {templates: [{id, template, count}], assignments}", async () => {
  const {code, stdout} = await templatesCaptured(["--preset", "HDFS", "--json", log]);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), {
    templates: [
      {id: 0, template: "PacketResponder <*> for block <*> terminating", count: 2},
      {
        id: 1,
        template: "BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size 67108864",
        count: 1
      }
    ],
    assignments: [0, null, 0, 1]
  });
});

test("perfspec templates reports a line off the log format with its file and line, and keeps the others", async () => {
  const {code, stdout, stderr} = await templatesCaptured(["--preset", "HDFS", log]);
  assert.equal(code, 0);
  assert.equal(stderr, `${log}:2: does not match the log format`);
  assert.match(stdout, /^3 lines, 2 templates, 1 lines left out/);
});

test("perfspec templates --save writes a vocabulary that --vocabulary loads back", async () => {
  const saved = join(dir, "vocabulary.json");
  await templatesCaptured(["--preset", "HDFS", "--save", saved, log]);
  assert.equal(JSON.parse(readFileSync(saved, "utf8")).templates.length, 2);
  const {stdout} = await templatesCaptured(["--vocabulary", saved, "--json", log]);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.assignments, [0, null, 0, 1]);
  assert.equal(result.templates[0].count, 4);
});

test("perfspec templates --method spell --preset HDFS groups by longest common subsequence, with a vocabulary", async () => {
  const saved = join(dir, "spell.json");
  const {code, stdout} = await templatesCaptured([
    "--method",
    "spell",
    "--preset",
    "HDFS",
    "--json",
    "--save",
    saved,
    log
  ]);
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.assignments, [0, null, 0, 1]);
  assert.equal(result.templates[0].template, "PacketResponder <*> for block <*> terminating");
  assert.equal(JSON.parse(readFileSync(saved, "utf8")).method, "spell");
  const again = JSON.parse((await templatesCaptured(["--vocabulary", saved, "--json", log])).stdout);
  assert.deepEqual(again.assignments, [0, null, 0, 1]);
});

test("perfspec templates --preset OpenSSH+ runs the second pass: templates split by their few word values", async () => {
  const ssh = join(dir, "ssh.log");
  writeFileSync(
    ssh,
    [
      "Dec 10 06:55:46 LabSZ sshd[24200]: Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]",
      "Dec 10 07:07:38 LabSZ sshd[24206]: Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]",
      "Dec 10 09:11:20 LabSZ sshd[24212]: Received disconnect from 112.95.230.3: 11: disconnected by user"
    ].join("\n") + "\n"
  );
  const {stdout} = await templatesCaptured(["--preset", "OpenSSH", "--json", ssh]);
  assert.deepEqual(JSON.parse(stdout).assignments, [0, 0, 0]);
  const refined = JSON.parse((await templatesCaptured(["--preset", "OpenSSH+", "--json", ssh])).stdout);
  assert.deepEqual(refined.assignments, [0, 0, 1]);
  assert.deepEqual(
    refined.templates.map((t: {template: string}) => t.template),
    ["Received disconnect from <*>: <*>: Bye Bye [preauth]", "Received disconnect from <*>: <*>: disconnected by user"]
  );
});

test("perfspec templates --sessions-by writes DeepLog key sessions per block id; --window per time window", async () => {
  const keys = join(dir, "hdfs.keys");
  const {code, stdout} = await templatesCaptured([
    "--preset",
    "HDFS",
    "--sessions-by",
    "blk_-?\\d+",
    "--json",
    "--keys-out",
    keys,
    log
  ]);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout).sessions, [
    {key: "blk_38865049064139660", ids: [0]},
    {key: "blk_-6952295868487656571", ids: [0]},
    {key: "blk_7128370237687728475", ids: [1]}
  ]);
  assert.equal(readFileSync(keys, "utf8"), "1\n1\n2\n");
  const windows = await templatesCaptured([
    "--preset",
    "HDFS",
    "--window",
    "100",
    "--time-field",
    "Pid",
    "--json",
    log
  ]);
  assert.deepEqual(
    JSON.parse(windows.stdout).sessions.map((s: {key: string}) => s.key),
    ["0", "100", "200"]
  );
});

test("perfspec templates exits 2 on usage errors", async () => {
  for (const argv of [
    [],
    ["--preset", "Nope", log],
    ["--preset", "HDFS", "--log-format", "<Content>", log],
    ["--bogus", log],
    ["--method", "lda", log],
    ["--method", "spell", "--preset", "HDFS+", log],
    ["--method", "spell", "--tau", "0", log],
    ["--sessions-by", "(", log],
    ["--window", "60", log],
    ["--preset", "HDFS", "--window", "60", "--time-field", "Nope", log],
    ["--keys-out", "x.keys", log]
  ]) {
    const {code, stderr} = await templatesCaptured(argv);
    assert.equal(code, 2, argv.join(" "));
    assert.match(stderr, /^perfspec templates: /);
  }
});

test("perfspec templates piped into a reader that has already gone (| true) ends with status 0 and no stack trace", () => {
  const bin = new URL("../bin/perfspec.js", import.meta.url).pathname;
  const data = new URL("../data/loghub-2k/HDFS/HDFS_2k.log.xz", import.meta.url).pathname;
  const result = spawnSync(
    "bash",
    ["-c", `set -o pipefail; node ${JSON.stringify(bin)} templates --preset HDFS ${JSON.stringify(data)} | true`],
    {encoding: "utf8"}
  );
  assert.equal(result.stderr, "");
  assert.equal(result.status, 0);
});
