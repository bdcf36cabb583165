import assert from "node:assert/strict";
import {test} from "node:test";
import {
  Field,
  makeData,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampSecond,
  Utf8,
  vectorFromArray,
  RecordBatch,
  Struct
} from "apache-arrow";
import {tableRows} from "../src/lib/arrowRows.js";

const ms = Date.UTC(2023, 0, 27, 18, 28, 8, 129);

function timestampTable(type: TimestampSecond | TimestampMillisecond | TimestampMicrosecond, raw: bigint): Table {
  const time = makeData({type, length: 1, nullCount: 0, data: new BigInt64Array([raw])});
  const action = vectorFromArray(["create_pods"], new Utf8()).data[0];
  const schema = new Schema([new Field("time", type), new Field("action", new Utf8())]);
  const struct = makeData({type: new Struct(schema.fields), length: 1, nullCount: 0, children: [time, action]});
  return new Table([new RecordBatch(schema, struct)]);
}

test("tableRows(table) gives timestamps of every unit as Dates and keeps other columns as they are", () => {
  for (const [type, raw, expected] of [
    [new TimestampSecond(), BigInt(Math.floor(ms / 1000)), Math.floor(ms / 1000) * 1000],
    [new TimestampMillisecond(), BigInt(ms), ms],
    [new TimestampMicrosecond(), BigInt(ms) * 1000n, ms]
  ] as const) {
    const [row] = tableRows(timestampTable(type, raw));
    assert.ok(row.time instanceof Date, `${type}: a Date`);
    assert.equal((row.time as Date).getTime(), expected, String(type));
    assert.equal(row.action, "create_pods");
  }
});
