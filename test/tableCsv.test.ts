import assert from "node:assert/strict";
import {test} from "node:test";
import {tableCsv} from "../src/lib/tableCsv.js";

test("tableCsv(rows, columns) keeps the column order given and quotes commas, quotes and newlines", () => {
  const rows = [{n: 3, action: 'say "hi", then\nleave'}];
  assert.equal(tableCsv(rows, ["action", "n"]), 'action,n\n"say ""hi"", then\nleave",3');
});

test("tableCsv(rows) writes dates as ISO 8601 UTC, nulls as empty cells, bigints and objects as text", () => {
  const rows = [{time: new Date(Date.UTC(2023, 0, 27, 18, 28, 8, 129)), code: null, id: 12n, tags: {a: [1]}}];
  assert.equal(tableCsv(rows), 'time,code,id,tags\n2023-01-27T18:28:08.129Z,,12,"{""a"":[1]}"');
});

test("tableCsv(rows) takes its columns from every row, in order of first appearance", () => {
  assert.equal(tableCsv([{a: 1}, {b: 2}]), "a,b\n1,\n,2");
});
