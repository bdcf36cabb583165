/**
 * Audit JSON lines read by worker threads: the main thread splits the input into runs of lines and hands them out
 * in turn; each worker parses its runs (JSON.parse, the event's fields) and returns a ReaderBatch; the Ingestor
 * replays the batches in input order, so tables, problems and line numbers are exactly those of a single thread.
 */
import {Worker} from "node:worker_threads";
import type {Ingestor} from "../lib/ingest/ingestor.js";
import type {ReaderBatch} from "../lib/ingest/readerBatch.js";
import type {LineIssue} from "./readLines.js";

/** Consecutive lines joined by "\n", the first numbered `firstLine` (each line whole, valid UTF-8). */
export interface LineRun {
  firstLine: number;
  text: string;
}

/** Characters of lines sent to a worker at once (fewer, larger messages; a few MiB in flight in all). */
const RUN_CHARS = 1 << 19;

/**
 * A pool of workers that read audit JSON lines. `add` queues lines, `take` waits for the next batch in order.
 * @example const pool = new JsonLinesWorkers(2); pool.add(1, text); pool.flush(); ingestor.addReaderBatch(file, await pool.next());
 */
export class JsonLinesWorkers {
  private readonly workers: Worker[];
  /** Per worker, the callbacks of its runs in flight (a worker answers in order). */
  private readonly waiting: ((batch: ReaderBatch) => void)[][];
  private readonly failed: ((error: Error) => void)[][];
  private turn = 0;
  private runs: LineRun[] = [];
  private runChars = 0;
  /** Batches in input order, as promises. */
  readonly pending: Promise<ReaderBatch>[] = [];

  constructor(count: number) {
    // A .js entry that registers tsx itself: a worker does not inherit the main thread's TypeScript loader.
    this.workers = Array.from({length: count}, () => new Worker(new URL("./jsonLinesWorker.js", import.meta.url)));
    this.waiting = this.workers.map(() => []);
    this.failed = this.workers.map(() => []);
    this.workers.forEach((worker, w) => {
      worker.on("message", (batch: ReaderBatch) => {
        this.failed[w].shift();
        this.waiting[w].shift()?.(batch);
      });
      worker.on("error", (error) => {
        for (const fail of this.failed[w].splice(0)) fail(error);
        this.waiting[w].length = 0;
      });
    });
  }

  /** Queues lines (sent to the next worker once about RUN_CHARS characters are queued). */
  add(firstLine: number, text: string): void {
    this.runs.push({firstLine, text});
    this.runChars += text.length;
    if (this.runChars >= RUN_CHARS) this.flush();
  }

  /** Sends the queued lines now. */
  flush(): void {
    if (this.runs.length === 0) return;
    const w = this.turn;
    this.turn = (this.turn + 1) % this.workers.length;
    this.pending.push(
      new Promise<ReaderBatch>((resolve, reject) => {
        this.waiting[w].push(resolve);
        this.failed[w].push(reject);
      })
    );
    this.workers[w].postMessage(this.runs);
    this.runs = [];
    this.runChars = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * One input file's lines through the pool, in order: whole valid lines go to the workers, a line the splitter flagged
 * (too long, invalid UTF-8) is read here, after every batch before it.
 */
export class OrderedLines {
  private readonly jobs: (Promise<ReaderBatch> | (() => void))[] = [];

  constructor(
    private readonly pool: JsonLinesWorkers,
    private readonly ingestor: Ingestor,
    private readonly file: string
  ) {}

  line(lineNumber: number, text: string, issue?: LineIssue): void {
    if (issue === undefined) return this.pool.add(lineNumber, text);
    this.pool.flush();
    this.jobs.push(...this.pool.pending.splice(0), () => this.ingestor.addLine(this.file, lineNumber, text, issue));
  }

  /** Lines joined by "\n"; returns how many. */
  block(firstLine: number, text: string): number {
    this.pool.add(firstLine, text);
    let count = 1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
    return count;
  }

  /** Applies finished batches in order until at most `inFlight` remain (all, and the queued lines, with 0). */
  async settle(inFlight = 0): Promise<void> {
    if (inFlight === 0) this.pool.flush();
    this.jobs.push(...this.pool.pending.splice(0));
    while (this.jobs.length > inFlight) {
      const job = this.jobs.shift() as Promise<ReaderBatch> | (() => void);
      if (typeof job === "function") job();
      else this.ingestor.addReaderBatch(this.file, await job);
    }
  }
}
