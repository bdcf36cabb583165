/** JSON lines of any value that holds audit events (GKE entries, AKS records bodies, …; see jsonValue.ts). */
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {addJsonValue} from "./jsonValue.js";
import {flagProblem, notJsonProblem, type LineFlags} from "./lineProblems.js";

/**
 * Parses each line as JSON and sends the events it holds to the sink.
 * @example
 * const reader = new JsonValueLinesReader(sink);
 * reader.addLine(1, '{"records":[{"category":"kube-audit","properties":{"log":"{\\"verb\\":\\"create\\"}"}}]}');
 */
export class JsonValueLinesReader implements FormatReader {
  constructor(private readonly sink: ReaderSink) {}

  addLine(line: number, text: string, flags?: LineFlags): void {
    const flagged = flagProblem(flags);
    if (flagged !== null) return this.sink.reject(line, flagged);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return this.sink.reject(line, notJsonProblem(text, error));
    }
    addJsonValue(this.sink, line, value);
  }

  end(): void {}
}
