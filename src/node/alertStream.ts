/**
 * Server-sent events for `perfspec serve` (GET /alerts): every connected page or `curl -N` gets each alert as
 * `event: alert` with an id, and a summary per accepted batch as `event: batch`. The last alerts are kept, so a
 * client that reconnects with `Last-Event-ID` (browsers do it themselves) or a page opened later still sees them.
 */
import type {IncomingMessage, ServerResponse} from "node:http";

interface Kept {
  id: number;
  text: string;
}

export class AlertStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly kept: Kept[] = [];
  private nextId = 1;
  private readonly heartbeat: NodeJS.Timeout;

  /** `backlog`: alerts kept for clients that connect later; `heartbeatMs`: a comment line so proxies keep the stream. */
  constructor(private readonly options: {backlog?: number; heartbeatMs?: number} = {}) {
    this.heartbeat = setInterval(() => this.write(": keep-alive\n\n"), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** The id the next alert gets. */
  peekId(): number {
    return this.nextId;
  }

  /**
   * Starts the event stream on `res` (extra headers: CORS) and sends the kept alerts newer than the client's
   * Last-Event-ID (all of them for a new client).
   */
  attach(req: IncomingMessage, res: ServerResponse, headers: Record<string, string> = {}): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Content-Type-Options": "nosniff",
      ...headers
    });
    const last = Number(req.headers["last-event-id"] ?? 0);
    res.write("retry: 2000\n\n");
    for (const k of this.kept) if (!(k.id <= last)) res.write(k.text);
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on("close", drop);
    res.on("error", drop);
  }

  /**
   * Sends an alert to every client (and keeps it); returns its id.
   * @example stream.alert((id) => liveAlert(id, event, flag))
   */
  alert(make: (id: number) => unknown): number {
    const id = this.nextId++;
    // JSON.stringify escapes line breaks inside strings, so the data stays on one `data:` line.
    const text = `id: ${id}\nevent: alert\ndata: ${JSON.stringify(make(id))}\n\n`;
    this.kept.push({id, text});
    if (this.kept.length > (this.options.backlog ?? 500)) this.kept.shift();
    this.write(text);
    return id;
  }

  /** Sends a message that is not kept (a batch summary). */
  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
