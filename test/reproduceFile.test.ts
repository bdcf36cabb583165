import assert from "node:assert/strict";
import {test} from "node:test";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {writeReproduceSections} from "../src/node/reproduceFile.js";

test("writeReproduceSections(path, {d}) replaces section d and keeps the others", async () => {
  const dir = await mkdtemp(join(tmpdir(), "reproduce-"));
  try {
    const path = join(dir, "reproduce.json");
    await writeFile(path, JSON.stringify({seed: 42, rows: [{model: "BN"}], d: {old: true}}));
    await writeReproduceSections(path, {d: {rows: [1]}});
    assert.deepEqual(JSON.parse(await readFile(path, "utf8")), {seed: 42, rows: [{model: "BN"}], d: {rows: [1]}});
    const fresh = join(dir, "sub", "new.json");
    await writeReproduceSections(fresh, {d: 1});
    assert.deepEqual(JSON.parse(await readFile(fresh, "utf8")), {d: 1});
    await writeFile(path, "[1, 2");
    await assert.rejects(writeReproduceSections(path, {d: 2}), /reproduce\.json: not valid JSON/);
    assert.equal(await readFile(path, "utf8"), "[1, 2", "a corrupt file is left alone");
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
});
