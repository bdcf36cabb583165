/**
 * Several logs read from memory into one result, as `perfspec prepare` reads files: the format of each detected
 * from its content, line numbers per file, progress reported as lines go by. What the page's upload worker runs.
 */
import {requireFormat} from "./detectFormat.js";
import {Ingestor, type IngestorOptions, type IngestResult} from "./ingestor.js";

export interface TextInput {
  name: string;
  text: string;
}

export interface IngestProgress {
  file: string;
  /** Characters read so far over all files, and in all. */
  done: number;
  total: number;
}

/**
 * @example ingestTexts([{name: "audit.log", text}], {}, (p) => console.log(p.done / p.total)).report.actions
 */
export function ingestTexts(
  inputs: readonly TextInput[],
  options: IngestorOptions = {},
  onProgress?: (progress: IngestProgress) => void,
  every = 20_000
): IngestResult {
  const ingestor = new Ingestor(options);
  const total = inputs.reduce((sum, input) => sum + input.text.length, 0);
  let done = 0;
  for (const {name, text} of inputs) {
    ingestor.beginFile(name, requireFormat(name, text.slice(0, 1 << 20)));
    let start = 0;
    for (let line = 1; start <= text.length; line++) {
      const end = text.indexOf("\n", start);
      const stop = end === -1 ? text.length : end;
      ingestor.addLine(name, line, text.slice(start, stop));
      start = stop + 1;
      if (line % every === 0) onProgress?.({file: name, done: done + start, total});
    }
    ingestor.endFile(name);
    done += text.length;
    onProgress?.({file: name, done, total});
  }
  return ingestor.finish();
}
