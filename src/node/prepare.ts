/** `prepare` for Node: input files -> unique events, the action sequence, Arrow tables and a report. */
import {createWriteStream} from "node:fs";
import {mkdir, stat, writeFile} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {pipeline} from "node:stream/promises";
import {join} from "node:path";
import {RecordBatchStreamWriter, type Table} from "apache-arrow";
import {parse as csvParse} from "csv-parse/sync";
import {requireFormat} from "../lib/ingest/detectFormat.js";
import {Ingestor, type CsvParse, type IngestorOptions, type IngestResult} from "../lib/ingest/ingestor.js";
import {JsonLinesWorkers, OrderedLines} from "./jsonLinesWorkers.js";
import {openInput} from "./openInput.js";
import {LineSplitter, readHead} from "./readLines.js";
import {writeParquetTable, type Partitioning} from "./writeParquet.js";

export interface PrepareOptions extends IngestorOptions {
  /** Longer lines become problems (default 64 MiB, so real multi-MB events pass; an EventList document is read whole). */
  maxLineBytes?: number;
  /**
   * Worker threads that parse audit JSON lines (default: 2 for files of 16 MiB or more when the machine has 2 or
   * more cores, else none; 0 reads in this thread). The output is the same either way.
   */
  workers?: number;
  /** Called when a file starts, e.g. to show progress. */
  onFile?: (file: string, format: string) => void;
}

/** The tables, the report, and `actions` / `events` as records (made from the tables on first use). */
export interface PrepareResult extends IngestResult {
  eventsTable: Table;
  actionsTable: Table;
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
  const ingestor = new Ingestor({csvParse: csvParse as CsvParse, ...options});
  let pool: JsonLinesWorkers | null = null;
  try {
    for (const path of paths) {
      const format = requireFormat(path, await readHead(path, 65536, options.maxLineBytes));
      options.onFile?.(path, format);
      ingestor.beginFile(path, format);
      const maxLineBytes = format === "audit-json" ? Infinity : options.maxLineBytes;
      const workers = format === "audit-jsonl" ? await workersFor(path, options.workers) : 0;
      if (workers > 0) pool ??= new JsonLinesWorkers(workers);
      const ordered = workers > 0 && pool !== null ? new OrderedLines(pool, ingestor, path) : null;
      let ingestError: unknown = null;
      const guard =
        <A extends unknown[], R>(f: (...args: A) => R) =>
        (...args: A): R => {
          try {
            return f(...args);
          } catch (error) {
            ingestError = error;
            throw error;
          }
        };
      const splitter = new LineSplitter(
        guard((lineNumber, text, issue) =>
          ordered !== null ? ordered.line(lineNumber, text, issue) : ingestor.addLine(path, lineNumber, text, issue)
        ),
        {maxLineBytes, onBlock: ordered === null ? undefined : guard((first, text) => ordered.block(first, text))}
      );
      try {
        for await (const chunk of await openInput(path)) {
          splitter.push(chunk);
          // Bounded: a few batches per worker in flight, the rest applied as they come back.
          if (ordered !== null) await ordered.settle(4 * workers);
        }
        splitter.end();
      } catch (error) {
        if (error === ingestError) throw error; // a bug, not a damaged input
        // A corrupt or cut-off compressed stream: keep what was read before it.
        await ordered?.settle();
        ingestor.addProblem(
          path,
          splitter.lineNumber + 1,
          `cannot read further: ${error instanceof Error ? error.message : String(error)}`
        );
      }
      await ordered?.settle();
      ingestor.endFile(path);
    }
  } finally {
    await (pool as JsonLinesWorkers | null)?.close();
  }
  return ingestor.finish();
}

/** Audit JSON lines of at least this many bytes (on disk) are read by worker threads (their start-up pays off). */
const WORKER_MIN_BYTES = 16 * 2 ** 20;

/** How many worker threads read `path`: the option when given, else 2 for a large file on a machine with 2+ cores. */
async function workersFor(path: string, option: number | undefined): Promise<number> {
  if (option !== undefined) return option;
  if (availableParallelism() < 2) return 0;
  return (await stat(path)).size >= WORKER_MIN_BYTES ? 2 : 0;
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
