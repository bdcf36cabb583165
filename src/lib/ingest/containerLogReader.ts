/**
 * Lines a container runtime wrapped around what the API server printed (kube-apiserver run with
 * `--audit-log-path=-` writes its audit events to stdout): CRI (`<RFC3339 time> stdout|stderr F|P <payload>`,
 * kubelet's /var/log/pods format) and docker's json-file driver (`{"log":"<payload>\n","stream":"stdout","time":…}`).
 * Long payloads come split: CRI marks the leading parts `P`, docker leaves their `log` without the final "\n"; the
 * parts are joined and the payload goes to the inner reader at the line of its first part.
 */
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {flagProblem, type LineFlags} from "./lineProblems.js";

/** `<time> <stream> <tags> <payload>`; tags are `F`/`P`, possibly followed by `:`-separated extensions. */
const CRI_LINE = /^(\S+) (stdout|stderr) ([^ ]+)(?: |$)/;

/** A payload being assembled from parts, per stream (stdout and stderr parts may interleave). */
interface Pending {
  line: number;
  parts: string[];
}

abstract class UnwrappingReader implements FormatReader {
  private readonly pending = new Map<string, Pending>();

  constructor(
    protected readonly sink: ReaderSink,
    private readonly inner: FormatReader
  ) {}

  abstract addLine(line: number, text: string, flags?: LineFlags): void;

  end(): void {
    // A payload whose last part never came: the inner reader says what is wrong with it (e.g. truncated JSON).
    for (const {line, parts} of [...this.pending.values()].sort((a, b) => a.line - b.line))
      this.emit(line, parts.join(""));
    this.pending.clear();
    this.inner.end();
  }

  /** One part of a payload on `stream`; `last` says whether it ends the payload. */
  protected part(line: number, stream: string, payload: string, last: boolean): void {
    const open = this.pending.get(stream);
    if (!last) {
      if (open === undefined) this.pending.set(stream, {line, parts: [payload]});
      else open.parts.push(payload);
    } else if (open === undefined) this.emit(line, payload);
    else {
      this.pending.delete(stream);
      open.parts.push(payload);
      this.emit(open.line, open.parts.join(""));
    }
  }

  private emit(line: number, payload: string): void {
    if (payload.charCodeAt(payload.length - 1) === 13) payload = payload.slice(0, -1);
    if (payload.trim() !== "") this.inner.addLine(line, payload);
  }
}

/**
 * CRI log lines (containerd, CRI-O: /var/log/pods/…/kube-apiserver/0.log).
 * @example
 * const reader = new CriLogReader(sink, new JsonLinesReader(sink));
 * reader.addLine(1, '2023-01-27T18:28:08.129781Z stdout P {"kind":"Event",');
 * reader.addLine(2, '2023-01-27T18:28:08.129781Z stdout F "verb":"create",…}'); // one event, at line 1
 */
export class CriLogReader extends UnwrappingReader {
  addLine(line: number, text: string, flags?: LineFlags): void {
    const flagged = flagProblem(flags);
    if (flagged !== null) return this.sink.reject(line, flagged);
    const match = CRI_LINE.exec(text);
    if (match === null)
      return this.sink.reject(line, `not a CRI log line (<time> stdout|stderr F|P <text>): "${printable(text)}"`);
    this.part(line, match[2], text.slice(match[0].length), match[3].split(":")[0] !== "P");
  }
}

/**
 * Docker json-file lines (/var/lib/docker/containers/<id>/<id>-json.log).
 * @example
 * const reader = new DockerJsonLogReader(sink, new JsonLinesReader(sink));
 * reader.addLine(1, '{"log":"{\\"kind\\":\\"Event\\",…}\\n","stream":"stdout","time":"2023-01-27T18:28:08.1Z"}');
 */
export class DockerJsonLogReader extends UnwrappingReader {
  addLine(line: number, text: string, flags?: LineFlags): void {
    const flagged = flagProblem(flags);
    if (flagged !== null) return this.sink.reject(line, flagged);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.sink.reject(line, `not a docker json-file line: "${printable(text)}"`);
    }
    const {log, stream} = (typeof value === "object" && value !== null ? value : {}) as {
      log?: unknown;
      stream?: unknown;
    };
    if (typeof log !== "string") return this.sink.reject(line, 'not a docker json-file line (no "log" string)');
    const last = log.endsWith("\n");
    this.part(line, typeof stream === "string" ? stream : "stdout", last ? log.slice(0, -1) : log, last);
  }
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
}
