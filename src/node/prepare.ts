/** `prepare` for Node: input files -> unique events, the action sequence, Arrow tables and a report. */
import {createWriteStream} from "node:fs";
import {mkdir, stat, writeFile} from "node:fs/promises";
import {pipeline} from "node:stream/promises";
import {join} from "node:path";
import {RecordBatchStreamWriter, type Table} from "apache-arrow";
import {parse as csvParse} from "csv-parse/sync";
import {requireFormat, type InputFormat} from "../lib/ingest/detectFormat.js";
import {DecodedFields} from "../lib/ingest/encodedEvents.js";
import {Ingestor, type CsvParse, type IngestorOptions, type IngestResult} from "../lib/ingest/ingestor.js";
import {compressionOf, openInput} from "./openInput.js";
import {LineSplitter, readHead} from "./readLines.js";
import type {Partitioning} from "./writeParquet.js";

export interface PrepareOptions extends IngestorOptions {
  /** Longer lines become problems (default 64 MiB, so real multi-MB events pass; an EventList document is read whole). */
  maxLineBytes?: number;
  /** Called when a file starts, e.g. to show progress. */
  onFile?: (file: string, format: string) => void;
  /**
   * "auto" (default): "duckdb" when the inputs hold at least DUCKDB_MIN_BYTES, else "js". "duckdb": DuckDB's native
   * reader when every input is plain or gzip audit JSON lines and the policy allows it (the tables and report are the
   * same as the JSON-lines reader's; see docs/data-formats.md, "Two engines"), else the JSON-lines reader; "js":
   * always the JSON-lines reader.
   */
  engine?: Engine | "auto";
}

export type Engine = "duckdb" | "js";

/**
 * Below this many bytes of input `auto` takes the JSON-lines reader: loading DuckDB costs about 0.2 s, which its
 * faster parse wins back only on large logs (measured idle: 0.15 s slower at 9 MB, equal at 90 MB, 25% faster at
 * 271 MB, 36% at 0.9 GB).
 */
export const DUCKDB_MIN_BYTES = 64 * 1024 * 1024;

/** The tables, the report, and `actions` / `events` as records (made from the tables on first use). */
export interface PrepareResult extends IngestResult {
  eventsTable: Table;
  actionsTable: Table;
  /** Which engine read the input, and why the JSON-lines reader did when DuckDB was asked for (`engineNote`). */
  engine: Engine;
  engineNote?: string;
}

/**
 * Reads every input (audit JSON lines or EventList, the Logstash CSV, or an action list; plain, gzip or xz) in
 * order, streaming, and returns the Arrow tables and the report (memory: the tables, not the input); `actions` and
 * `events` are made from the tables when first read. Throws an Error naming the file
 * for a missing, unreadable, empty or unrecognised file; bad lines only become report problems.
 * @example const {actions, report} = await prepareInputs(["audit-logs.csv"]);
 */
export async function prepareInputs(paths: string[], options: PrepareOptions = {}): Promise<PrepareResult> {
  if (paths.length === 0) throw new Error("no input files given");
  let engineNote: string | undefined;
  // Each input's format, read once from its head (both engines need it), and its size on disk (the engine and the
  // Ingestor's hint depend on it).
  const formats: InputFormat[] = [];
  let bytes = 0;
  let expectedEvents = 0;
  for (const path of paths) {
    const head = await readHead(path, 65536, options.maxLineBytes);
    const format = requireFormat(path, head);
    formats.push(format);
    // A file that cannot be read counts 0: reading it reports the error.
    const size = await stat(path).then(
      (s) => s.size,
      () => 0
    );
    bytes += size;
    // One event per line: a hint for the Ingestor's auditID index.
    if (format === "audit-jsonl") expectedEvents += await estimatedLines(path, head, size);
  }
  options = {expectedEvents, ...options};
  const requested = options.engine ?? "auto";
  if (engineFor(requested, bytes) === "duckdb") {
    const fast = await prepareWithDuckdb(paths, formats, options);
    if (typeof fast !== "string") return fast;
    engineNote = fast;
  }
  const ingestor = new Ingestor({csvParse: csvParse as CsvParse, ...options});
  for (const [k, path] of paths.entries()) {
    const format = formats[k];
    options.onFile?.(path, format);
    ingestor.beginFile(path, format);
    const maxLineBytes = format === "audit-json" ? Infinity : options.maxLineBytes;
    let ingestError: unknown = null;
    const splitter = new LineSplitter(
      (lineNumber, text, issue) => {
        try {
          ingestor.addLine(path, lineNumber, text, issue);
        } catch (error) {
          ingestError = error;
          throw error;
        }
      },
      {maxLineBytes}
    );
    try {
      for await (const chunk of await openInput(path)) splitter.push(chunk);
      splitter.end();
    } catch (error) {
      if (error === ingestError) throw error; // a bug, not a damaged input
      // A corrupt or cut-off compressed stream: keep what was read before it.
      ingestor.addProblem(
        path,
        splitter.lineNumber + 1,
        `cannot read further: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    ingestor.endFile(path);
  }
  return Object.assign(ingestor.finish(), {engine: "js" as const, engineNote});
}

/**
 * The engine asked for, with `auto` decided by the inputs' size on disk.
 * @example engineFor("auto", 300 << 20) // "duckdb"
 */
export function engineFor(requested: Engine | "auto", bytes: number): Engine {
  return requested === "auto" ? (bytes >= DUCKDB_MIN_BYTES ? "duckdb" : "js") : requested;
}

/**
 * About how many lines a plain file holds: its size over the mean length of its head's lines (0 for a compressed
 * file, whose size says little, or one that cannot be read). A hint for the Ingestor's auditID index, not a count.
 */
async function estimatedLines(path: string, head: string, size: number): Promise<number> {
  const lines = head === "" ? 0 : head.split("\n").length;
  if (lines === 0 || (await compressionOf(path).catch(() => "none")) !== "none") return 0;
  // A head of short lines must not reserve much for a file of long ones (the index takes 16 bytes per expected event
  // up front): at least 256 bytes a line, at most 4M lines (larger logs grow the index from there).
  return Math.min(Math.round(size / Math.max(256, (head.length + lines) / lines)), 4 << 20);
}

/**
 * The DuckDB engine (src/node/duckdbEvents.ts), or why it does not apply: it reads plain or gzip audit JSON lines
 * with a policy that needs neither subresources, response codes nor impersonation, with the default line limit, and
 * gives up (the JSON-lines reader then reads everything) on anything it does not reproduce exactly.
 */
async function prepareWithDuckdb(
  paths: string[],
  formats: InputFormat[],
  options: PrepareOptions
): Promise<PrepareResult | string> {
  if (formats.some((format) => format !== "audit-jsonl")) return "not every input is audit JSON lines";
  if (options.maxLineBytes !== undefined) return "--max-line-bytes is given";
  const ingestor = new Ingestor({csvParse: csvParse as CsvParse, ...options});
  if (!ingestor.takesEncodedEvents) return "the cleaning policy looks at subresources, codes or impersonation";
  // Loaded only here: DuckDB's native module is not needed by the other formats (nor by the browser).
  const {readEncodedBatches} = await import("./duckdbEvents.js");
  const fields = new DecodedFields();
  let current: string | null = null;
  try {
    for await (const {file, batch} of readEncodedBatches(paths, fields)) {
      if (batch === null) {
        if (current !== null) ingestor.endFile(current);
        current = file;
        options.onFile?.(file, "audit-jsonl");
        ingestor.beginFile(file, "audit-jsonl");
      } else if (!ingestor.addEncodedBatch(file, batch, fields)) return `${file}: an auditID reused by another request`;
    }
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  return Object.assign(ingestor.finish(), {engine: "duckdb" as const});
}

/** How writePrepared writes the tables: Arrow IPC stream files (default) or Parquet, optionally partitioned by day. */
export interface OutputOptions {
  format?: "arrow" | "parquet";
  /** Parquet only: `day` writes `events/day=YYYY-MM-DD/part-0.parquet` (and the same for actions). */
  partition?: Partitioning;
}

/**
 * Writes `<outDir>/events.arrow` and `<outDir>/actions.arrow` (Arrow IPC stream format) and `<outDir>/report.json`;
 * with `{format: "parquet"}` `events.parquet` and `actions.parquet` instead, or with `partition: "day"` the folders
 * `events/` and `actions/` of hive-style day partitions (src/node/writeParquet.ts).
 * @example await writePrepared(await prepareInputs(paths), "prepared")
 */
export async function writePrepared(
  result: Pick<PrepareResult, "eventsTable" | "actionsTable" | "report">,
  outDir: string,
  {format = "arrow", partition = "none"}: OutputOptions = {}
): Promise<{events: string; actions: string; report: string}> {
  const parquet = format === "parquet";
  const name = (table: string) =>
    join(outDir, parquet ? (partition === "day" ? table : `${table}.parquet`) : `${table}.arrow`);
  const files = {events: name("events"), actions: name("actions"), report: join(outDir, "report.json")};
  try {
    await mkdir(outDir, {recursive: true});
    if (parquet) {
      // Loaded only when asked for: importing parquet-wasm compiles its 5 MB WebAssembly module.
      const {writeParquetTable} = await import("./writeParquet.js");
      await writeParquetTable(result.eventsTable, outDir, "events", partition);
      await writeParquetTable(result.actionsTable, outDir, "actions", partition);
    } else {
      await writeTable(result.eventsTable, files.events);
      await writeTable(result.actionsTable, files.actions);
    }
    await writeFile(files.report, JSON.stringify(result.report, null, 2) + "\n");
  } catch (error) {
    throw new Error(`${outDir}: cannot write the output (${error instanceof Error ? error.message : String(error)})`, {
      cause: error
    });
  }
  return files;
}

/**
 * Writes a table in the Arrow IPC stream format, message by message: the writer's chunks are views of the table's
 * own buffers, so no second copy of the table is made (unlike tableToIPC, which concatenates them).
 */
async function writeTable(table: Table, path: string): Promise<void> {
  await pipeline(RecordBatchStreamWriter.writeAll(table).toNodeStream(), createWriteStream(path));
}
