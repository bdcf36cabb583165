/** Ingest: raw audit JSONL -> the cleaned tables, the project's prepareInputs against pandas, DuckDB and a bare JSON.parse loop. */
import {basename} from "node:path";
import {derivedJsonl, fileBytes, syntheticJsonl} from "../inputs.js";
import {runChild, runNodeChild, type ChildRun} from "../measure.js";
import {fmt, type Row} from "../goals.js";
import {PYTHON} from "../peers.js";

export interface IngestContender {
  name: "prepare" | "JSON.parse loop" | "DuckDB read_json" | "pandas read_json";
  seconds: number;
  wallSeconds: number;
  eventsPerSecond: number;
  peakRssMiB: number;
  /** CPU time of the whole child (all threads, startup included), s. */
  cpuSeconds: number;
  events?: number;
  actions?: number;
  /** Bytes of the output tables (prepare only): memory that must grow with the input. */
  outputMiB?: number;
  /** Every run's time when the contender ran more than once (then `seconds` is their median). */
  runSeconds?: number[];
}

export interface IngestInput {
  name: string;
  file: string;
  lines: number;
  bytes: number;
  contenders: IngestContender[];
}

type Result = {seconds: number; lines?: number; events?: number; actions?: number; outputBytes?: number};

export async function benchIngest(options: {
  quick: boolean;
  log: (s: string) => void;
}): Promise<{inputs: IngestInput[]; rows: Row[]}> {
  // 300k and 1M: the sizes of the DuckDB goal (issue 9); 100k for the streaming row (10x fewer events than 1M).
  const sizes = options.quick ? [10_000, 50_000] : [100_000, 300_000, 1_000_000];
  const inputs: {name: string; file: string; lines: number}[] = [
    {name: "embedded (derived JSONL)", file: await derivedJsonl(), lines: 16_563}
  ];
  for (const n of sizes) {
    options.log(`ingest: synthetic log of ${n.toLocaleString("en-US")} events (generated once, cached)`);
    inputs.push({
      name: `synthetic ${n >= 1e6 ? n / 1e6 + "M" : n / 1e3 + "k"}`,
      file: await syntheticJsonl(n),
      lines: n
    });
  }
  const measured: IngestInput[] = [];
  for (const input of inputs) {
    const contenders: IngestContender[] = [];
    // Each run's time, then the median run as the contender (peak and CPU of that run).
    const add = (name: IngestContender["name"], runs: ChildRun<Result>[]) => {
      const sorted = [...runs].sort((a, b) => a.result.seconds - b.result.seconds);
      const run = sorted[(sorted.length - 1) >> 1];
      contenders.push({
        name,
        seconds: run.result.seconds,
        wallSeconds: run.wallSeconds,
        eventsPerSecond: input.lines / run.result.seconds,
        peakRssMiB: run.peakRssMiB,
        cpuSeconds: run.cpuSeconds,
        events: run.result.events,
        actions: run.result.actions,
        ...(runs.length > 1 ? {runSeconds: runs.map((r) => r.result.seconds)} : {}),
        ...(run.result.outputBytes === undefined ? {} : {outputMiB: run.result.outputBytes / 2 ** 20})
      });
      options.log(
        `ingest: ${input.name}: ${name} ${runs.map((r) => fmt.s(r.result.seconds)).join(", ")}, peak ${fmt.mib(run.peakRssMiB)}`
      );
    };
    const prepare = () =>
      runNodeChild<Result>("bench/ingest/prepareChild.ts", [input.file], {nodeArgs: ["--max-old-space-size=16384"]});
    const duckdb = () => runNodeChild<Result>("bench/ingest/duckdbChild.ts", [input.file]);
    // The DuckDB goal's sizes: three runs of each, interleaved, and the medians. Single runs on this 2-core VM move
    // by ±15% with the host's load, and prepare's DuckDB pass has two speeds (docs/benchmarks.md, issue 9).
    const repeats = input.lines >= 300_000 && !options.quick ? 3 : 1;
    const prepareRuns: ChildRun<Result>[] = [];
    const duckdbRuns: ChildRun<Result>[] = [];
    for (let k = 0; k < repeats; k++) {
      prepareRuns.push(await prepare());
      duckdbRuns.push(await duckdb());
    }
    add("prepare", prepareRuns);
    add("JSON.parse loop", [await runNodeChild<Result>("bench/ingest/jsonParseChild.ts", [input.file])]);
    add("DuckDB read_json", duckdbRuns);
    add("pandas read_json", [await runChild<Result>(PYTHON, ["bench/peers/ingest_pandas.py", input.file])]);
    measured.push({
      name: input.name,
      file: basename(input.file),
      lines: input.lines,
      bytes: fileBytes(input.file),
      contenders
    });
  }
  return {inputs: measured, rows: ingestRows(measured)};
}

export function ingestRows(inputs: IngestInput[]): Row[] {
  const rows: Row[] = [];
  for (const input of inputs) {
    const by = (name: IngestContender["name"]) => input.contenders.find((c) => c.name === name)!;
    const ours = by("prepare");
    const goals: Partial<Record<IngestContender["name"], number>> = {"pandas read_json": 5, "JSON.parse loop": 0.7};
    // DuckDB's native reader (C++, all cores): at least half its speed on the large synthetic logs.
    if (input.lines >= 300_000) goals["DuckDB read_json"] = 0.5;
    for (const peer of ["pandas read_json", "DuckDB read_json", "JSON.parse loop"] as const) {
      const other = by(peer);
      rows.push({
        section: "ingest",
        figure: `prepare vs ${peer}, ${input.name}`,
        ratio: other.seconds / ours.seconds,
        goal: goals[peer],
        context: `${fmt.rate(ours.eventsPerSecond)} vs ${fmt.rate(other.eventsPerSecond)}${runsOf(ours, other)}; peak ${fmt.mib(ours.peakRssMiB)} vs ${fmt.mib(other.peakRssMiB)}; CPU ${fmt.s(ours.cpuSeconds)} vs ${fmt.s(other.cpuSeconds)}`
      });
    }
  }
  // Streaming: prepare's peak RSS beyond its output tables (which must grow with the input), on the largest input
  // against the synthetic one with 10x fewer events: ~1x when the reading itself streams.
  const large = inputs[inputs.length - 1];
  const small =
    inputs.find((input) => input !== inputs[0] && input.lines * 10 === large?.lines) ?? inputs[inputs.length - 2];
  if (small && large && small !== inputs[0]) {
    const a = small.contenders.find((c) => c.name === "prepare")!;
    const b = large.contenders.find((c) => c.name === "prepare")!;
    const beyond = (c: IngestContender) => c.peakRssMiB - (c.outputMiB ?? 0);
    rows.push({
      section: "ingest",
      figure: `prepare peak RSS beyond output, ${small.name} / ${large.name} (streams: ~1x)`,
      ratio: beyond(a) / beyond(b),
      goal: 0.8,
      context: `${fmt.mib(beyond(a))} + ${fmt.mib(a.outputMiB ?? 0)} output at ${small.lines.toLocaleString("en-US")} vs ${fmt.mib(beyond(b))} + ${fmt.mib(b.outputMiB ?? 0)} output at ${large.lines.toLocaleString("en-US")} events (${(large.bytes / 1e9).toFixed(2)} GB)`
    });
  }
  return rows;
}

/** "; medians of 2.46, 2.51, 3.01 s vs 1.22, 1.25, 1.30 s" when both contenders ran more than once. */
function runsOf(ours: IngestContender, other: IngestContender): string {
  if (!ours.runSeconds || !other.runSeconds) return "";
  const list = (runs: number[]) =>
    [...runs]
      .sort((a, b) => a - b)
      .map((s) => s.toFixed(2))
      .join(", ");
  return `; medians of ${list(ours.runSeconds)} s vs ${list(other.runSeconds)} s`;
}
