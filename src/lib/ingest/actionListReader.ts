/** Plain action lists (parse.py's events-dataset.txt): one `verb_resource` per line. */
import {actionLineToRecord} from "./actionList.js";
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {binaryProblem, flagProblem, type LineFlags} from "./lineProblems.js";

/**
 * Sends each line's action to the sink, or rejects a line that is not a `verb_resource` action.
 * @example
 * const reader = new ActionListReader(sink);
 * reader.addLine(1, "create_pods"); // sink.action("create_pods")
 * reader.addLine(2, "not an action"); // sink.reject(2, 'not a verb_resource action: "not an action"')
 */
export class ActionListReader implements FormatReader {
  constructor(private readonly sink: ReaderSink) {}

  addLine(line: number, text: string, flags?: LineFlags): void {
    const problem = flagProblem(flags) ?? binaryProblem(text);
    if (problem !== null) return this.sink.reject(line, problem);
    const record = actionLineToRecord(text);
    if (typeof record === "string") this.sink.reject(line, record);
    else this.sink.action(record.action);
  }

  end(): void {}
}
