/**
 * Prepare's memory on a large log is bounded by its output, not its input: real audit lines are repeated up to a
 * size, prepared in a child process (as `perfspec prepare` does: tables, then the Arrow files written), and its peak
 * RSS is compared with the same run on a 10x smaller log and with the size of what it wrote.
 * Used by test/hostileMemory.test.ts (300 MB) and the benchmark's memory section (1 GB).
 * @example memoryBoundProblems(await measureMemoryBound(1e9, tmp)) // [] when the bound holds
 */
import {spawn} from "node:child_process";
import {createWriteStream} from "node:fs";
import {readFile, rm, stat} from "node:fs/promises";
import {once} from "node:events";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {engineFor, type Engine} from "../../src/node/prepare.js";

/** Real audit lines (cut from data/perfspec-kubernetes-event-dataset, see test/fixtures/ingest/README.md). */
const REAL_LINES = fileURLToPath(new URL("../../test/fixtures/ingest/audit-events-head300.jsonl", import.meta.url));
const PREPARE = fileURLToPath(new URL("../../src/node/prepare.ts", import.meta.url));
const MiB = 2 ** 20;

export interface PrepareRun {
  /** Bytes and lines of the log written. */
  logBytes: number;
  logLines: number;
  /** The child's peak RSS (process.resourceUsage().maxRSS), MiB. */
  maxRssMiB: number;
  seconds: number;
  lines: number;
  events: number;
  actions: number;
  rejected: number;
  /** Bytes of events.arrow + actions.arrow. */
  outputBytes: number;
}

export interface MemoryBound {
  small: PrepareRun;
  big: PrepareRun;
  /** Peak RSS growth from the small run to the big one, MiB. */
  grownMiB: number;
  /** Twice the output growth, MiB: what the peak may grow by. */
  boundMiB: number;
  /** One line with both runs' sizes, peaks, outputs and times. */
  summary: string;
  /** The engine both runs took. */
  engine: Engine;
}

/**
 * Writes the real lines over and over up to `bytes`, streaming; each copy gets its own auditIDs (the last 12 hex
 * digits are the copy number), so every event is unique, as in a real log.
 */
export async function writeRepeatedLog(path: string, bytes: number): Promise<{bytes: number; lines: number}> {
  const lines = (await readFile(REAL_LINES, "utf8")).split("\n").filter((l) => l !== "");
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

type ChildResult = Omit<PrepareRun, "logBytes" | "logLines" | "outputBytes">;

/** prepareInputs + writePrepared in a fresh Node process; returns its peak RSS and counts. */
async function prepareInChild(input: string, outDir: string, engine: Engine): Promise<ChildResult> {
  const code = `
    const {prepareInputs, writePrepared} = await import(${JSON.stringify(PREPARE)});
    const started = performance.now();
    const result = await prepareInputs([${JSON.stringify(input)}], {engine: ${JSON.stringify(engine)}});
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
  if (status !== 0) throw new Error(`prepare child exited with ${status}`);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as ChildResult;
}

async function outputBytes(dir: string): Promise<number> {
  return (await stat(join(dir, "events.arrow"))).size + (await stat(join(dir, "actions.arrow"))).size;
}

/** Writes, prepares and deletes a log of `bytes`, in `dir`. */
async function prepareLog(dir: string, name: string, bytes: number, engine: Engine): Promise<PrepareRun> {
  const log = join(dir, `${name}.jsonl`);
  const out = join(dir, `${name}-out`);
  const written = await writeRepeatedLog(log, bytes);
  try {
    const run = await prepareInChild(log, out, engine);
    return {logBytes: written.bytes, logLines: written.lines, ...run, outputBytes: await outputBytes(out)};
  } finally {
    await rm(log, {force: true});
    await rm(out, {recursive: true, force: true});
  }
}

/**
 * Prepares a log of `bytes` and one of `bytes / 10` (written to `dir`, deleted after) and compares their peaks. Both
 * take the engine `prepare`'s default picks for the larger one, so that the comparison is of one engine's growth
 * (DuckDB's library and buffers are a constant that the JSON-lines reader does not have).
 */
export async function measureMemoryBound(bytes: number, dir: string): Promise<MemoryBound> {
  const engine = engineFor("auto", bytes);
  const small = await prepareLog(dir, "small", bytes / 10, engine);
  const big = await prepareLog(dir, "big", bytes, engine);
  const describe = (r: PrepareRun) =>
    `${(r.logBytes / 1e6).toFixed(0)} MB, ${r.lines} lines, peak ${r.maxRssMiB.toFixed(0)} MiB, output ${(r.outputBytes / MiB).toFixed(0)} MiB, ${r.seconds.toFixed(1)} s`;
  return {
    small,
    big,
    grownMiB: big.maxRssMiB - small.maxRssMiB,
    // What grows with the input is the output: the columns being built (written to the files without another
    // copy), the auditID index (8 to 16 bytes per event) and the growth slack of the chunk being filled. Twice the
    // written output covers all of it; everything else (runtime, modules, read buffers, one line at a time) is what
    // the small run already needed.
    boundMiB: (2 * (big.outputBytes - small.outputBytes)) / MiB,
    engine,
    summary: `${engine === "duckdb" ? "DuckDB" : "JSON-lines"} engine; small: ${describe(small)}; big: ${describe(big)}`
  };
}

/**
 * The checks the bound must pass, as messages of those that fail (none when it holds). `slackMiB` is added to both
 * limits: the peak moves in steps of several MiB with the garbage collector's timing, which on a loaded machine
 * was seen to cross the bare bound at 300 MB (66 MiB against 64 MiB) while a copy of the input would add hundreds.
 */
export function memoryBoundProblems(m: MemoryBound, {slackMiB = 0}: {slackMiB?: number} = {}): string[] {
  const {small, big, grownMiB} = m;
  const boundMiB = m.boundMiB + slackMiB;
  const problems: string[] = [];
  if (big.lines !== big.logLines || big.rejected !== 0)
    problems.push(`read ${big.lines} of ${big.logLines} lines, rejected ${big.rejected}`);
  // Every copy of the real lines gives the same events (its repeated stages count once).
  if (big.events * small.logLines !== small.events * big.logLines)
    problems.push(
      `events not proportional to lines: ${small.events} / ${small.logLines} vs ${big.events} / ${big.logLines}`
    );
  if (!(grownMiB < boundMiB)) problems.push(`peak grew ${grownMiB.toFixed(0)} MiB >= bound ${boundMiB.toFixed(0)} MiB`);
  // And nowhere near the input: holding the log, or one JS object per event, would grow with the file itself.
  const quarterMiB = (0.25 * (big.logBytes - small.logBytes)) / MiB + slackMiB;
  if (!(grownMiB < quarterMiB))
    problems.push(
      `peak grew ${grownMiB.toFixed(0)} MiB >= a quarter of the input growth (+ slack): ${quarterMiB.toFixed(0)} MiB`
    );
  return problems;
}
