/** Bytes held by an Arrow table's buffers (values, offsets, validity, children, dictionaries counted once). */
import type {Data, Table} from "apache-arrow";

export function arrowBytes(table: Table): number {
  const seen = new Set<unknown>();
  const bytes = (data: Data): number => {
    let sum =
      (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
    for (const child of data.children) sum += bytes(child);
    // Dictionaries are shared between record batches (and between tables): count each once.
    if (data.dictionary && !seen.has(data.dictionary)) {
      seen.add(data.dictionary);
      for (const d of data.dictionary.data) sum += bytes(d);
    }
    return sum;
  };
  return table.data.reduce((sum, data) => sum + bytes(data), 0);
}
