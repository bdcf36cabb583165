/**
 * The store `perfspec serve` appends accepted audit events to: one JSON-lines file per UTC day of receipt
 * (`<dir>/audit-2026-11-30.jsonl`), each line one Event as the API server sent it, so `perfspec prepare <dir>/*.jsonl`
 * and `perfspec detect` read it back like any audit log.
 */
import {appendFile, mkdir} from "node:fs/promises";
import {join} from "node:path";

export class AuditStore {
  /** Appends run one after another, so two batches never interleave their lines. */
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<unknown> | null = null;

  constructor(readonly dir: string) {}

  /** The day file for a receipt time. @example store.fileFor(new Date("2026-11-30T23:59:00Z")) // "<dir>/audit-2026-11-30.jsonl" */
  fileFor(at: Date): string {
    return join(this.dir, `audit-${at.toISOString().slice(0, 10)}.jsonl`);
  }

  /**
   * Appends `events` (one line each) to the day file, in one write; resolves to the file once written.
   * @example await store.append([event1, event2]) // "audit-store/audit-2026-11-30.jsonl"
   */
  append(events: readonly unknown[], at = new Date()): Promise<string> {
    const file = this.fileFor(at);
    const text = events.map((e) => JSON.stringify(e) + "\n").join("");
    const write = this.queue.then(async () => {
      await (this.ready ??= mkdir(this.dir, {recursive: true}).catch((error: unknown) => {
        this.ready = null; // try again with the next batch
        throw error;
      }));
      if (text !== "") await appendFile(file, text);
      return file;
    });
    // A failed write fails its own batch, not the ones queued after it.
    this.queue = write.catch(() => {});
    return write;
  }

  /** Resolves when every append so far is written. */
  flush(): Promise<unknown> {
    return this.queue;
  }
}
