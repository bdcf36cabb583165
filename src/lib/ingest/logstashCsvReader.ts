/**
 * The Logstash CSV (the PerfSPEC dataset's audit-logs.csv): one record per line, except that a quoted field may hold
 * line breaks, so a record can continue over the next lines. Records are parsed in batches by a csv-parse function.
 */
import {addRowOrReject, type FormatReader, type ReaderSink} from "./formatReader.js";
import {binaryProblem, errorMessage, flagProblem, type LineFlags} from "./lineProblems.js";
import {logstashRecordToRow} from "./logstashCsv.js";

/** A CSV parser with csv-parse's sync signature; Node passes the faster `csv-parse/sync`. */
export type CsvParse = (input: string, options: {relax_column_count: boolean; record_delimiter: string}) => unknown[];

/** Records parsed per csv-parse call. */
const CSV_BATCH = 1000;
/** A record still open after this many lines was cut off (a lone quote), not a field with line breaks. */
const CSV_MAX_CONTINUATION_LINES = 50;
/** A line that starts a new Logstash row: the host column, a quoted JSON object. */
const LOGSTASH_ROW_START = /^"\{(?:[^"]|"")*\}",/;
const UNTERMINATED = "unterminated quoted CSV field (truncated line?)";
const PARSE_OPTIONS = {relax_column_count: true, record_delimiter: "\n"};

/**
 * Joins lines into records (a line with an odd number of quotes opens or closes a quoted field), parses them in
 * batches and sends each row to the sink. A record that is still open when a new row starts, after 50 lines, or at
 * the end of the file is rejected at its first line.
 * @example
 * const reader = new LogstashCsvReader(sink, parse);
 * reader.addLine(1, '"{""name"":""m""}",2023-01-27T18:28:08.1Z,u,create,configmaps,,"two');
 * reader.addLine(2, 'lines",,/api/v1/namespaces/ns1/configmaps,id1,ResponseComplete,200,,,');
 * reader.end(); // sink.event({action: "create_configmaps", name: "two\nlines", …})
 */
export class LogstashCsvReader implements FormatReader {
  /** Complete records waiting to be parsed in one batch. */
  private batch: {line: number; text: string}[] = [];
  /** A record whose quoted field continues on the next line. */
  private open: {line: number; text: string; parts: number} | null = null;

  constructor(
    private readonly sink: ReaderSink,
    private readonly parse: CsvParse
  ) {}

  addLine(line: number, text: string, flags?: LineFlags): void {
    const problem = flagProblem(flags) ?? binaryProblem(text);
    if (problem !== null) return this.sink.reject(line, problem);
    const open = this.open;
    if (open !== null) {
      if (LOGSTASH_ROW_START.test(text) || open.parts >= CSV_MAX_CONTINUATION_LINES) {
        // A new row starts: the open one was cut off, not continued.
        this.open = null;
        this.sink.reject(open.line, UNTERMINATED);
      } else {
        open.text += "\n" + text;
        open.parts++;
        if (quoteCount(text) % 2 === 1) {
          this.open = null;
          this.queue(open.line, open.text);
        }
        return;
      }
    }
    if (quoteCount(text) % 2 === 1) this.open = {line, text, parts: 1};
    else this.queue(line, text);
  }

  end(): void {
    const open = this.open;
    this.open = null;
    this.flush();
    if (open !== null) this.sink.reject(open.line, UNTERMINATED);
  }

  private queue(line: number, text: string): void {
    this.batch.push({line, text});
    if (this.batch.length >= CSV_BATCH) this.flush();
  }

  private flush(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    let records: unknown[] | null = null;
    try {
      records = this.parse(batch.map((b) => b.text).join("\n"), PARSE_OPTIONS);
    } catch {
      records = null; // some record is malformed: parse them one by one below to find it
    }
    if (records !== null && records.length === batch.length) {
      batch.forEach((b, i) => addRowOrReject(this.sink, b.line, logstashRecordToRow(records[i] as string[])));
      return;
    }
    for (const b of batch) {
      try {
        const one = this.parse(b.text, PARSE_OPTIONS);
        if (one.length !== 1) this.sink.reject(b.line, `expected one CSV record, found ${one.length}`);
        else addRowOrReject(this.sink, b.line, logstashRecordToRow(one[0] as string[]));
      } catch (error) {
        this.sink.reject(b.line, `broken CSV: ${errorMessage(error)}`);
      }
    }
  }
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}
