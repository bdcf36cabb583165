import assert from "node:assert/strict";
import {test} from "node:test";
import {ingestRows, type IngestContender, type IngestInput} from "../bench/sections/ingest.js";

function input(name: string, lines: number, prepareSeconds: number, duckdbSeconds: number): IngestInput {
  const contender = (name: IngestContender["name"], seconds: number): IngestContender => ({
    name,
    seconds,
    wallSeconds: seconds,
    eventsPerSecond: lines / seconds,
    peakRssMiB: 100 + lines / 10_000,
    cpuSeconds: seconds,
    ...(name === "prepare" ? {outputMiB: lines / 10_000} : {})
  });
  return {
    name,
    file: `${name}.jsonl`,
    lines,
    bytes: lines * 900,
    contenders: [
      contender("prepare", prepareSeconds),
      contender("JSON.parse loop", prepareSeconds / 2),
      contender("DuckDB read_json", duckdbSeconds),
      contender("pandas read_json", prepareSeconds * 3)
    ]
  };
}

test("ingestRows(inputs) sets the 0.5x DuckDB goal at 300k and 1M, and the streaming row on 100k / 1M", () => {
  const rows = ingestRows([
    input("embedded", 16_563, 0.2, 0.1),
    input("synthetic 100k", 100_000, 1, 0.3),
    input("synthetic 300k", 300_000, 2, 0.5),
    input("synthetic 1M", 1_000_000, 5, 2)
  ]);
  const duckdb = rows.filter((r) => r.figure.startsWith("prepare vs DuckDB"));
  assert.deepEqual(
    duckdb.map((r) => [r.figure.split(", ")[1], r.ratio, r.goal]),
    [
      ["embedded", 0.5, undefined],
      ["synthetic 100k", 0.3, undefined],
      ["synthetic 300k", 0.25, 0.5],
      ["synthetic 1M", 0.4, 0.5]
    ]
  );
  assert.match(duckdb[2].context ?? "", /CPU 2\.00 s vs 500\.00 ms/);
  const streaming = rows.find((r) => r.figure.startsWith("prepare peak RSS beyond output"));
  assert.equal(streaming?.figure, "prepare peak RSS beyond output, synthetic 100k / synthetic 1M (streams: ~1x)");
});

test("ingestRows(inputs) names every run behind a median when both contenders ran more than once", () => {
  const large = input("synthetic 1M", 1_000_000, 2.51, 1.25);
  large.contenders[0].runSeconds = [3.01, 2.46, 2.51];
  large.contenders[2].runSeconds = [1.3, 1.22, 1.25];
  const [row] = ingestRows([large]).filter((r) => r.figure.startsWith("prepare vs DuckDB"));
  assert.match(row.context ?? "", /medians of 2\.46, 2\.51, 3\.01 s vs 1\.22, 1\.25, 1\.30 s/);
  const [single] = ingestRows([input("synthetic 1M", 1_000_000, 2.5, 1.25)]).filter((r) =>
    r.figure.startsWith("prepare vs DuckDB")
  );
  assert.doesNotMatch(single.context ?? "", /medians/);
});
