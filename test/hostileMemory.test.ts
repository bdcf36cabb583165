// A ~1 GB audit log is prepared with memory bounded by the output, not the input: prepare runs in a child process
// (as `perfspec prepare` does: tables, then the Arrow files written) and its peak RSS is compared with the same run on
// a 10x smaller log and with the size of what it wrote. Set PERFSPEC_HOSTILE_BYTES to change the size (default 1 GB).
import assert from "node:assert/strict";
import {spawn} from "node:child_process";
import {createWriteStream} from "node:fs";
import {mkdtemp, readFile, rm, stat} from "node:fs/promises";
import {once} from "node:events";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";

const BIG_BYTES = Number(process.env.PERFSPEC_HOSTILE_BYTES ?? 1e9);
const FIXTURE = "test/fixtures/ingest/audit-events-head300.jsonl";
const MiB = 2 ** 20;
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-hostile-memory-"));
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

/**
 * Writes real audit lines (the fixture, cut from ../shared/data) over and over up to `bytes`, streaming; each copy
 * gets its own auditIDs (the last 12 hex digits are the copy number), so every event is unique, as in a real log.
 */
async function writeLog(path: string, bytes: number): Promise<{bytes: number; lines: number}> {
  const lines = (await readFile(FIXTURE, "utf8")).split("\n").filter((l) => l !== "");
  const out = createWriteStream(path);
  let written = 0;
  let count = 0;
  for (let copy = 0; written < bytes; copy++) {
    const suffix = copy.toString(16).padStart(12, "0");
    const chunk =
      lines.map((l) => l.replace(/("auditID":"[0-9a-f-]{24})[0-9a-f]{12}"/, `$1${suffix}"`)).join("\n") + "\n";
    written += Buffer.byteLength(chunk);
    count += lines.length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return {bytes: written, lines: count};
}

interface ChildResult {
  maxRssMiB: number;
  seconds: number;
  lines: number;
  events: number;
  actions: number;
  rejected: number;
}

/** prepareInputs + writePrepared in a fresh Node process; returns its peak RSS (process.resourceUsage().maxRSS). */
async function prepareInChild(input: string, outDir: string): Promise<ChildResult> {
  const prepare = resolve("src/node/prepare.ts");
  const code = `
    const {prepareInputs, writePrepared} = await import(${JSON.stringify(prepare)});
    const started = performance.now();
    const result = await prepareInputs([${JSON.stringify(input)}]);
    await writePrepared(result, ${JSON.stringify(outDir)});
    const {report} = result;
    console.log(JSON.stringify({maxRssMiB: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - started) / 1000,
      lines: report.lines, events: result.eventsTable.numRows, actions: report.actions, rejected: report.rejected}));`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"]
  });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const [status] = await once(child, "close");
  assert.equal(status, 0, `prepare child exited with ${status}`);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as ChildResult;
}

async function outputBytes(dir: string): Promise<number> {
  return (await stat(join(dir, "events.arrow"))).size + (await stat(join(dir, "actions.arrow"))).size;
}

test(
  `prepare on a ${(BIG_BYTES / 1e9).toFixed(1)} GB log: peak memory is bounded by the output, not the input`,
  {timeout: 240_000},
  async () => {
    const small = join(tmp, "small.jsonl");
    const big = join(tmp, "big.jsonl");
    const smallLog = await writeLog(small, BIG_BYTES / 10);
    const smallRun = await prepareInChild(small, join(tmp, "small-out"));
    await rm(small);
    const bigLog = await writeLog(big, BIG_BYTES);
    const bigRun = await prepareInChild(big, join(tmp, "big-out"));
    await rm(big);
    const bigOutput = await outputBytes(join(tmp, "big-out"));
    const smallOutput = await outputBytes(join(tmp, "small-out"));
    const summary =
      `small: ${(smallLog.bytes / 1e6).toFixed(0)} MB, ${smallRun.lines} lines, peak ${smallRun.maxRssMiB.toFixed(0)} MiB, output ${(smallOutput / MiB).toFixed(0)} MiB, ${smallRun.seconds.toFixed(1)} s; ` +
      `big: ${(bigLog.bytes / 1e6).toFixed(0)} MB, ${bigRun.lines} lines, peak ${bigRun.maxRssMiB.toFixed(0)} MiB, output ${(bigOutput / MiB).toFixed(0)} MiB, ${bigRun.seconds.toFixed(1)} s`;
    console.error(summary);

    assert.deepEqual([bigRun.lines, bigRun.rejected], [bigLog.lines, 0], summary);
    // Every copy of the fixture gives the same events (its repeated stages count once).
    assert.equal(bigRun.events * smallLog.lines, smallRun.events * bigLog.lines, summary);
    // What grows with the input is the output: the columns being built (written to the files without another copy),
    // the auditID index (8 to 16 bytes per event) and the growth slack of the chunk being filled. Twice the written
    // output covers all of it; everything else (runtime, modules, read buffers, one line at a time) is what the small
    // run already needed.
    const grown = bigRun.maxRssMiB - smallRun.maxRssMiB;
    const bound = (2 * (bigOutput - smallOutput)) / MiB;
    assert.ok(grown < bound, `peak grew ${grown.toFixed(0)} MiB >= bound ${bound.toFixed(0)} MiB; ${summary}`);
    // And nowhere near the input: holding the log, or one JS object per event, would grow with the file itself.
    assert.ok(grown * MiB < 0.25 * (bigLog.bytes - smallLog.bytes), summary);
  }
);
