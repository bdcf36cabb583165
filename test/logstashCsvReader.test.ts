import assert from "node:assert/strict";
import {test} from "node:test";
import {parse} from "csv-parse/sync";
import {LogstashCsvReader, type CsvParse} from "../src/lib/ingest/logstashCsvReader.js";
import {recordingSink} from "./recordingSink.js";

const csvParse = parse as CsvParse;
const HOST = '"{""name"":""m""}"';
/** A Logstash row; `name` is the objectRef.name field as written in the CSV (quote it yourself). */
const row = (id: string, name = "cm") =>
  `${HOST},2023-01-27T18:28:08.1Z,u,create,configmaps,,${name},,/api/v1/namespaces/ns1/configmaps,${id},ResponseComplete,201,,,`;
const UNTERMINATED = "unterminated quoted CSV field (truncated line?)";

function read(lines: string[], parse: CsvParse = csvParse) {
  const recording = recordingSink(["auditID", "action", "name", "namespace"]);
  const reader = new LogstashCsvReader(recording.sink, parse);
  lines.forEach((text, i) => reader.addLine(i + 1, text));
  reader.end();
  return recording;
}

test("LogstashCsvReader joins a quoted field that continues over lines into one record", () => {
  const [first, second] = row("1", '"two\nline ""name"""').split("\n");
  const {calls} = read([first, second, row("2")]);
  assert.deepEqual(calls, [
    ["event", {auditID: "1", action: "create_configmaps", name: 'two\nline "name"', namespace: "ns1"}],
    ["event", {auditID: "2", action: "create_configmaps", name: "cm", namespace: "ns1"}]
  ]);
});

test("LogstashCsvReader rejects an open record at its first line when the next line starts a new row", () => {
  const {calls} = read([row("1", '"cut off'), row("2")]);
  assert.deepEqual(calls, [
    ["reject", 1, UNTERMINATED],
    ["event", {auditID: "2", action: "create_configmaps", name: "cm", namespace: "ns1"}]
  ]);
});

test("LogstashCsvReader gives up an open record after 50 lines and reads the 51st line on its own", () => {
  const continuation = Array.from({length: 50}, () => "no quote here");
  const {calls} = read([row("1", '"never closed'), ...continuation]);
  assert.deepEqual(calls, [
    ["reject", 1, UNTERMINATED],
    ["reject", 51, "expected 15 CSV columns, found 1 (truncated line?)"]
  ]);
});

test("LogstashCsvReader.end() rejects a record still open at the end of the file, after the complete ones", () => {
  const {calls} = read([row("1"), row("2", '"open')]);
  assert.deepEqual(calls, [
    ["event", {auditID: "1", action: "create_configmaps", name: "cm", namespace: "ns1"}],
    ["reject", 2, UNTERMINATED]
  ]);
});

test("LogstashCsvReader parses 1000 records per call and re-parses a failed batch record by record", () => {
  const sizes: number[] = [];
  const counting: CsvParse = (input, options) => {
    try {
      const records = csvParse(input, options);
      sizes.push(records.length);
      return records;
    } catch (error) {
      sizes.push(-1);
      throw error;
    }
  };
  const lines = Array.from({length: 1001}, (_, i) => row(String(i)));
  assert.equal(read(lines, counting).calls.length, 1001);
  assert.deepEqual(sizes, [1000, 1]);

  sizes.length = 0;
  const {calls} = read([row("a"), `${HOST},"x"y"z"`, row("b")], counting);
  assert.deepEqual(sizes, [-1, 1, -1, 1]); // the batch threw, then each record alone: only line 2 throws
  assert.deepEqual(calls[0], ["event", {auditID: "a", action: "create_configmaps", name: "cm", namespace: "ns1"}]);
  assert.equal(calls[1][0], "reject");
  assert.equal(calls[1][1], 2);
  assert.match(calls[1][2] as string, /^broken CSV: Invalid Closing Quote/);
  assert.deepEqual(calls[2], ["event", {auditID: "b", action: "create_configmaps", name: "cm", namespace: "ns1"}]);
});

test("LogstashCsvReader rejects flagged and binary lines before joining or parsing them", () => {
  const recording = recordingSink();
  const reader = new LogstashCsvReader(recording.sink, csvParse);
  reader.addLine(1, "x", {tooLongBytes: 70_000_000});
  reader.addLine(2, "\u0001" + row("1"));
  reader.addLine(3, row("2"), {invalidUtf8: true});
  reader.end();
  assert.deepEqual(recording.calls, [
    ["reject", 1, "line too long (70000000 bytes); skipped"],
    ["reject", 2, "control characters (binary data?)"],
    ["reject", 3, "invalid UTF-8"]
  ]);
});
