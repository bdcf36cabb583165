import {Utf8, makeData, makeVector, type Vector} from "apache-arrow";

const encoder = new TextEncoder();

/** A nullable Utf8 vector built in one pass (apache-arrow's generic builder is several times slower). */
export function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let bytes = new Uint8Array(Math.max(64, length * 16));
  let end = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nullCount++;
    } else {
      nullBitmap[i >> 3] |= 1 << (i & 7);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      if (end + value.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, end + value.length * 3));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      end += encoder.encodeInto(value, bytes.subarray(end)).written;
    }
    offsets[i + 1] = end;
  }
  const data = makeData({
    type: new Utf8(),
    length,
    nullCount,
    valueOffsets: offsets,
    data: bytes.subarray(0, end),
    nullBitmap: nullCount > 0 ? nullBitmap : undefined
  });
  return makeVector(data);
}
