import assert from "node:assert/strict";
import {test} from "node:test";
import {groupingAccuracy, parsingAccuracy} from "../src/lib/templates/accuracy.js";
import {Drain} from "../src/lib/templates/drain.js";
import {compileLogFormat, parseLogLine} from "../src/lib/templates/logFormat.js";
import {createParser, parseLines, parserFromJSON} from "../src/lib/templates/parser.js";
import {lcs, Spell} from "../src/lib/templates/spell.js";
import {keyFile, sessionsByIdentifier, sessionsByWindow} from "../src/lib/templates/templateSessions.js";
import {templateValues} from "../src/lib/templates/templateValues.js";
import {loghubSampleText} from "../data-loaders/loghubSample.js";
import {commonMasks, presetOf, presets} from "../src/lib/templates/presets.js";

const lines = [
  "Deleting block blk_1 file /data/a",
  "Served block blk_3 to host1",
  "Deleting block blk_-2 file /data/b",
  "7 workers started",
  "Served block blk_4 to host2",
  "12 workers started"
];

function trained(): Drain {
  const drain = new Drain({masks: [String.raw`blk_-?\d+`], similarity: 0.5, depth: 4});
  assert.deepEqual(
    lines.map((line) => drain.learn(line)),
    [0, 1, 0, 2, 1, 2]
  );
  return drain;
}

test("Drain.learn(line) groups lines into templates with <*> for masked and differing tokens", () => {
  assert.deepEqual(trained().templates(), [
    {id: 0, template: "Deleting block <*> file <*>", count: 2},
    {id: 1, template: "Served block <*> to <*>", count: 2},
    {id: 2, template: "<*> workers started", count: 2}
  ]);
});

test("Drain.learn(line) starts a new template below the similarity threshold", () => {
  const drain = new Drain({similarity: 0.5});
  assert.equal(drain.learn("a b c d"), 0);
  assert.equal(drain.learn("a x y z"), 1);
  assert.equal(drain.learn("a b c e"), 0);
  assert.deepEqual(
    drain.templates().map((t) => t.template),
    ["a b c <*>", "a x y z"]
  );
});

test("Drain.match(line) finds the template without learning; null for an unseen shape", () => {
  const drain = trained();
  const before = JSON.stringify(drain.toJSON());
  assert.equal(drain.match("Served block blk_9 to host9"), 1);
  assert.equal(drain.match("Deleting block blk_7 file /tmp/z"), 0);
  assert.equal(drain.match("Shutting down now"), null);
  assert.equal(drain.match("Served block blk_9 to host9 again"), null);
  assert.equal(JSON.stringify(drain.toJSON()), before);
});

test("Drain.fromJSON(drain.toJSON()) round-trips through JSON text: same templates, same matches, learns on", () => {
  const drain = trained();
  const loaded = Drain.fromJSON(JSON.parse(JSON.stringify(drain)));
  assert.deepEqual(loaded.toJSON(), drain.toJSON());
  for (const line of [...lines, "Served block blk_9 to host9", "9 workers started", "Shutting down now"])
    assert.equal(loaded.match(line), drain.match(line), line);
  assert.equal(loaded.learn("Served block blk_5 to host5"), 1);
  assert.equal(loaded.templates()[1].count, 3);
  assert.throws(() => Drain.fromJSON({method: "spell"} as never), /not a Drain vocabulary/);
});

test("Drain with a log format parses the header off; a line off the format gives null", () => {
  const drain = new Drain(presetOf("hdfs"));
  const line =
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating";
  assert.equal(drain.learn(line), 0);
  assert.equal(drain.template(0), "PacketResponder 1 for block <*> terminating");
  assert.equal(drain.learn("not an HDFS line"), null);
  assert.equal(drain.match("not an HDFS line"), null);
  assert.equal(drain.templates().length, 1);
});

test("presetOf(name) is case-insensitive; a trailing + gives the refined preset (commonMasks, splitValues)", () => {
  assert.equal(presetOf("hdfs"), presets.HDFS);
  assert.deepEqual(presetOf("OpenStack+").masks, [...commonMasks, ...presets.OpenStack.masks]);
  assert.equal(presetOf("OpenStack+").splitValues, 4);
  assert.ok(!presetOf("Proxifier+").masks.includes(commonMasks[0]));
  assert.throws(() => presetOf("Nope"), /unknown preset "Nope"/);
});

test("compileLogFormat(format) reads loghub formats, including optional regex parts", () => {
  const thunderbird = compileLogFormat(presets.Thunderbird.logFormat);
  assert.deepEqual(
    parseLogLine(
      thunderbird,
      "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root"
    ),
    {
      Label: "-",
      Timestamp: "1131566461",
      Date: "2005.11.09",
      User: "dn228",
      Month: "Nov",
      Day: "9",
      Time: "12:01:01",
      Location: "dn228/dn228",
      Component: "crond(pam_unix)",
      PID: "2915",
      Content: "session closed for user root"
    }
  );
  assert.equal(parseLogLine(compileLogFormat("<Level>: <Content>"), "no colon here"), null);
  assert.throws(() => compileLogFormat("<Date> <Time>"), /no <Content> field/);
});

test("groupingAccuracy(truth, parsed) counts lines whose parsed group equals their true group", () => {
  // Group 1 = {a, a} is exact; group 2 mixes b and c; group 3 = {d} is exact: 3 of 6 lines.
  assert.equal(groupingAccuracy(["a", "a", "b", "b", "c", "d"], [1, 1, 2, 2, 2, 3]), 0.5);
  // Splitting a true group makes both parts wrong.
  assert.equal(groupingAccuracy(["a", "a", "b"], [1, 2, 3]), 1 / 3);
  assert.equal(groupingAccuracy(["a", "a", "b"], ["x", "x", "y"]), 1);
});

test("parsingAccuracy(truth, parsed) compares templates line by line, whitespace runs as one space", () => {
  assert.equal(parsingAccuracy(["a <*>", "b", "c  d"], ["a <*>", "x", "c d"]), 2 / 3);
});

test("Drain.refine() splits a template by its few word-like values and matches lines to the split templates", () => {
  const drain = new Drain({similarity: 0.5, splitValues: 2});
  for (const line of ["VM Started at 1", "VM Paused at 2", "VM Started at 3", "job 7 took 1 s", "job 8 took 2 s"])
    drain.learn(line);
  assert.deepEqual(
    drain.templates().map((t) => t.template),
    ["VM <*> at <*>", "job <*> took <*> s"]
  );
  const refined = drain.refine();
  assert.deepEqual(refined.templates(), [
    {id: 0, template: "VM Started at <*>", count: 2},
    {id: 1, template: "VM Paused at <*>", count: 1},
    {id: 2, template: "job <*> took <*> s", count: 2}
  ]);
  assert.equal(refined.match("VM Paused at 9"), 1);
  assert.equal(refined.match("job 9 took 9 s"), 2);
  const loaded = Drain.fromJSON(JSON.parse(JSON.stringify(refined)));
  assert.equal(loaded.options.splitValues, 2);
  assert.equal(loaded.match("VM Started at 4"), 0);
});

test("Drain.refine() keeps a position variable once it holds a digit or more than splitValues values", () => {
  const drain = new Drain({similarity: 0.5, splitValues: 2});
  for (const line of ["user a left", "user b left", "user c left", "host x1 up", "host y up"]) drain.learn(line);
  assert.deepEqual(
    drain
      .refine()
      .templates()
      .map((t) => t.template),
    ["user <*> left", "host <*> up"]
  );
});

const spellLines = [
  "Accepted password for alice from 10.0.0.1 port 22",
  "Connection closed by 10.0.0.2",
  "Accepted password for bob from 10.0.0.3 port 2222",
  "Connection closed by 10.0.0.4 [preauth]"
];

function trainedSpell(): Spell {
  const spell = new Spell({masks: [String.raw`(\d+\.){3}\d+`]});
  assert.deepEqual(
    spellLines.map((line) => spell.learn(line)),
    [0, 1, 0, 1]
  );
  return spell;
}

test("Spell.learn(line) keeps the longest common subsequence and turns the rest into <*>", () => {
  assert.deepEqual(trainedSpell().templates(), [
    {id: 0, template: "Accepted password for <*> from <*> port <*>", count: 2},
    // The last line joins by its constants (all in the template), which stays as it was.
    {id: 1, template: "Connection closed by <*>", count: 2}
  ]);
  assert.deepEqual(lcs(["a", "b", "c", "d"], ["a", "x", "c", "d"]), ["a", "c", "d"]);
});

test("Spell.match(line) finds the template of an unseen line without learning; null for an unseen shape", () => {
  const spell = trainedSpell();
  const before = JSON.stringify(spell);
  assert.equal(spell.match("Accepted password for carol from 10.9.9.9 port 4242"), 0);
  assert.equal(spell.match("Connection closed by 10.1.1.1"), 1);
  assert.equal(spell.match("Kernel panic: not syncing"), null);
  assert.equal(JSON.stringify(spell), before);
});

test("Spell.fromJSON(spell.toJSON()) round-trips through JSON text: same templates, same matches, learns on", () => {
  const spell = trainedSpell();
  const loaded = parserFromJSON(JSON.parse(JSON.stringify(spell)));
  assert.ok(loaded instanceof Spell);
  assert.deepEqual(loaded.toJSON(), spell.toJSON());
  for (const line of [...spellLines, "Accepted password for dave from 10.2.2.2 port 1", "Kernel panic"])
    assert.equal(loaded.match(line), spell.match(line), line);
  assert.equal(loaded.learn("Connection closed by 10.3.3.3"), 1);
  assert.equal(loaded.templates()[1].count, 3);
  assert.throws(() => Spell.fromJSON({method: "drain"} as never), /not a Spell vocabulary/);
  assert.throws(() => parserFromJSON({method: "lda"} as never), /not a template vocabulary/);
});

test("parseLines(parser, lines) learns, refines and matches again for a Drain with splitValues", () => {
  const lines = ["VM Started at 1", "VM Paused at 2", "VM Started at 3", "noise"];
  const {parser, ids} = parseLines(new Drain({similarity: 0.5, splitValues: 2}), lines);
  assert.deepEqual(ids, [0, 1, 0, 2]);
  assert.equal(parser.template(1), "VM Paused at <*>");
  assert.deepEqual(parseLines(createParser("spell"), ["a b c", "a b d"]).ids, [0, 0]);
});

test("sessionsByIdentifier(texts, ids, pattern) gives each identifier its template ids; a line may join several", () => {
  const texts = ["open blk_1", "copy blk_1 to blk_-2", "close blk_1", "noise", "close blk_-2"];
  const sessions = sessionsByIdentifier(texts, [0, 1, 2, 3, 2], /blk_-?\d+/);
  assert.deepEqual(
    sessions.map(({key, ids, lines}) => ({key, ids, lines})),
    [
      {key: "blk_1", ids: [0, 1, 2], lines: [0, 1, 2]},
      {key: "blk_-2", ids: [1, 2], lines: [1, 4]}
    ]
  );
  assert.equal(keyFile(sessions), "1 2 3\n2 3\n");
});

test("sessionsByWindow(times, ids, seconds) cuts aligned windows in time order, skipping lines without a time", () => {
  const sessions = sessionsByWindow([125, 10, 59, null, 61], [4, 5, 6, 7, 8], 60);
  assert.deepEqual(
    sessions.map(({key, ids}) => ({key, ids})),
    [
      {key: "0", ids: [5, 6]},
      {key: "60", ids: [8]},
      {key: "120", ids: [4]}
    ]
  );
  assert.throws(() => sessionsByWindow([], [], 0), /positive/);
});

test("templateValues(template, content) reads back what each <*> stood for; null when the line does not fit", () => {
  assert.deepEqual(templateValues("Received block <*> of size <*>", "Received block blk_1 of size 42"), [
    "blk_1",
    "42"
  ]);
  assert.deepEqual(templateValues("a (b) <*>  c", "a (b) x y c"), ["x y"]);
  assert.equal(templateValues("Received block <*>", "Sent block blk_1"), null);
});

test("loghubSampleText(system) gives a sample's 2,000 lines as text and refuses an unknown system", async () => {
  const text = new TextDecoder().decode(await loghubSampleText("Apache"));
  assert.equal(text.split("\n").length, 2000);
  assert.match(text, /^\[Sun Dec 04 04:47:44 2005\] \[notice\]/);
  await assert.rejects(loghubSampleText("../etc"), /unknown loghub system/);
});
