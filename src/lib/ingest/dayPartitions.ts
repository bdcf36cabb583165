/**
 * A table split into one table per UTC day of its time column: the partitions of a hive-style `day=YYYY-MM-DD`
 * layout that DuckDB, Spark and Trino read as one dataset (writing them is src/node/writeParquet.ts).
 */
import {
  Bool,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
  makeData,
  type Data,
  type DataType,
  type Vector
} from "apache-arrow";

/** The partition of rows without a time, as Hive, Spark and DuckDB name a null partition value. */
export const NULL_DAY = "__HIVE_DEFAULT_PARTITION__";

const DAY_MS = 86_400_000;

export interface DayPartition {
  /** `YYYY-MM-DD` (UTC), or NULL_DAY. */
  day: string;
  /** The rows of that day, in table order (the other columns unchanged, the day itself not added). */
  table: Table;
}

/**
 * The rows of `table` grouped by the UTC day of `column` (a timestamp in ms), days in ascending order and rows without
 * a time last; a day whose rows are contiguous is a zero-copy slice, any other is gathered.
 * @example dayPartitions(eventsTable).map((p) => [p.day, p.table.numRows]) // [["2023-01-27", 16500], ["2023-01-28", 63]]
 */
export function dayPartitions(table: Table, column = "time"): DayPartition[] {
  const time = table.getChild(column);
  if (time === null) throw new Error(`the table has no "${column}" column to partition by`);
  const n = table.numRows;
  const dayOf = new Float64Array(n);
  const counts = new Map<number, number>();
  let i = 0;
  for (const data of time.data) {
    for (let k = 0; k < data.length; k++, i++) {
      const t = data.getValid(k) ? Number(time.get(i)) : NaN;
      const day = Number.isFinite(t) ? Math.floor(t / DAY_MS) : NaN;
      dayOf[i] = day;
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
  }
  const days = [...counts.keys()].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  return days.map((day) => {
    const rows = new Int32Array(counts.get(day) as number);
    let m = 0;
    for (let r = 0; r < n; r++) if (Object.is(dayOf[r], day)) rows[m++] = r;
    const contiguous = rows[rows.length - 1] - rows[0] === rows.length - 1;
    return {
      day: Number.isNaN(day) ? NULL_DAY : new Date(day * DAY_MS).toISOString().slice(0, 10),
      table: contiguous ? table.slice(rows[0], rows[0] + rows.length) : takeRows(table, rows)
    };
  });
}

/** The given rows of a table (ascending row numbers) as a new one-batch table with the same schema. */
export function takeRows(table: Table, rows: Int32Array): Table {
  const children = table.schema.fields.map((field, c) => {
    const chunks = (table.getChildAt(c) as Vector).data;
    return gather(field.type, chunks, rows);
  });
  const schema = new Schema(table.schema.fields, table.schema.metadata);
  const data = makeData({type: new Struct(schema.fields), length: rows.length, nullCount: 0, children});
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** One column's values at `rows`, for the types the ingest tables use (Utf8, dictionaries, fixed width, Bool). */
function gather(type: DataType, chunks: readonly Data[], rows: Int32Array): Data {
  const length = rows.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  // Where each row lives: chunk and index within it (rows ascend, so one pass).
  const chunkOf = new Int32Array(length);
  const indexIn = new Int32Array(length);
  for (let r = 0, c = 0, start = 0; r < length; r++) {
    while (rows[r] >= start + chunks[c].length) start += chunks[c++].length;
    chunkOf[r] = c;
    indexIn[r] = rows[r] - start;
    if (chunks[c].getValid(indexIn[r])) validity[r >> 3] |= 1 << (r & 7);
    else nullCount++;
  }
  const nullBitmap = nullCount > 0 ? validity : undefined;
  const first = chunks[0];
  if (type.typeId === Type.Bool) {
    const bits = new Uint8Array((length + 7) >> 3);
    for (let r = 0; r < length; r++) {
      const d = chunks[chunkOf[r]];
      const k = d.offset + indexIn[r];
      if ((d.values as Uint8Array)[k >> 3] & (1 << (k & 7))) bits[r >> 3] |= 1 << (r & 7);
    }
    return makeData({type: type as Bool, length, nullCount, nullBitmap, data: bits});
  }
  if (type.typeId === Type.Utf8) {
    const offsets = new Int32Array(length + 1);
    for (let r = 0; r < length; r++) {
      const d = chunks[chunkOf[r]];
      const k = d.offset + indexIn[r];
      const o = d.valueOffsets as Int32Array;
      offsets[r + 1] = offsets[r] + o[k + 1] - o[k];
    }
    const bytes = new Uint8Array(offsets[length]);
    for (let r = 0; r < length; r++) {
      const d = chunks[chunkOf[r]];
      const k = d.offset + indexIn[r];
      const o = d.valueOffsets as Int32Array;
      bytes.set((d.values as Uint8Array).subarray(o[k], o[k + 1]), offsets[r]);
    }
    return makeData({type, length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes} as never);
  }
  // Fixed width: Int32, timestamps, dictionary indices (`stride` values per row).
  const stride = first.stride;
  const Values = (first.values as Int32Array).constructor as Int32ArrayConstructor;
  const values = new Values(length * stride);
  for (let r = 0; r < length; r++) {
    const d = chunks[chunkOf[r]];
    const from = (d.offset + indexIn[r]) * stride;
    for (let s = 0; s < stride; s++) values[r * stride + s] = (d.values as Int32Array)[from + s];
  }
  if (type.typeId === Type.Dictionary)
    return makeData({type, length, nullCount, nullBitmap, data: values, dictionary: first.dictionary} as never);
  return makeData({type, length, nullCount, nullBitmap, data: values} as never);
}
