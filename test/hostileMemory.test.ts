// A 300 MB audit log is prepared with memory bounded by the output, not the input: prepare runs in a child process,
// with the engine its default takes for 300 MB (DuckDB; measureMemoryBound gives the 10x smaller log the same one)
// (as `perfspec prepare` does) and its peak RSS is compared with the same run on a 10x smaller log and with the size
// of what it wrote (bench/ingest/memoryBound.ts). The 1 GB case is in the benchmark (`npm run bench -- --only memory`).
// Not smaller: the peak moves in steps of several MiB (heap and column buffers), which at 100 MB is as large as the
// allowed growth (the bound failed 3 of 6 runs at 100 MB, 1 of 8 at 150 and at 200 MB, 0 of 11 at 300 MB).
// Set PERFSPEC_HOSTILE_BYTES to change the size.
import assert from "node:assert/strict";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {measureMemoryBound, memoryBoundProblems} from "../bench/ingest/memoryBound.js";
import {STREAMING_BUFFER_MIB} from "../src/node/duckdbEvents.js";

const BIG_BYTES = Number(process.env.PERFSPEC_HOSTILE_BYTES ?? 300e6);
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-hostile-memory-"));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

test(
  `prepare on a ${(BIG_BYTES / 1e9).toFixed(2)} GB log: peak memory is bounded by the output, not the input`,
  {timeout: 240_000},
  async () => {
    const measured = await measureMemoryBound(BIG_BYTES, tmp);
    console.error(measured.summary);
    // Slack for the collector's timing on a busy machine: 16 MiB; with DuckDB 48 MiB, since its buffers move the
    // small run's peak by up to 30 MiB from run to run (235-266 MiB in eight runs), plus its streaming buffer, which
    // the big run fills and the small one cannot (a constant, whatever the input). Holding the input would add
    // 270 MiB or more.
    const slackMiB = measured.engine === "duckdb" ? 48 + STREAMING_BUFFER_MIB : 16;
    assert.deepEqual(memoryBoundProblems(measured, {slackMiB}), [], measured.summary);
  }
);
