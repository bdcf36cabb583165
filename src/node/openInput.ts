/** Opens an input file as a stream of decompressed bytes; gzip and xz are recognised by their magic bytes. */
import {createReadStream, type ReadStream} from "node:fs";
import {open, stat} from "node:fs/promises";
import {createGunzip} from "node:zlib";
import xz from "xz-decompress";

export type Compression = "none" | "gzip" | "xz";

/**
 * Checks that the file exists, is readable and not empty, and reads its compression from the first bytes.
 * Throws an Error naming the file otherwise.
 */
export async function compressionOf(path: string): Promise<Compression> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path}: is a directory, not an input file`);
    size = info.size;
  } catch (error) {
    throw fileError(path, error);
  }
  if (size === 0) throw new Error(`${path}: the file is empty`);
  let magic: Buffer;
  try {
    magic = await readFirstBytes(path, 6);
  } catch (error) {
    throw fileError(path, error);
  }
  if (magic[0] === 0x1f && magic[1] === 0x8b) return "gzip";
  if (magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
  if (magic.subarray(0, 3).equals(Buffer.from("BZh")))
    throw new Error(`${path}: bzip2 is not supported (use gzip or xz)`);
  if (magic.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])))
    throw new Error(`${path}: zstd is not supported (use gzip or xz)`);
  return "none";
}

/** The file's first `length` bytes (zeros past its end), e.g. to check a magic number. */
export async function readFirstBytes(path: string, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  const handle = await open(path, "r");
  try {
    await handle.read(bytes, 0, length, 0);
  } finally {
    await handle.close();
  }
  return bytes;
}

/** The file's decompressed bytes, chunk by chunk. */
export async function openInput(path: string): Promise<AsyncIterable<Uint8Array>> {
  const compression = await compressionOf(path);
  const file = createReadStream(path);
  if (compression === "gzip") return file.pipe(createGunzip({chunkSize: 1 << 18}));
  if (compression === "xz") return xzChunks(file);
  return file;
}

async function* xzChunks(file: ReadStream): AsyncGenerator<Uint8Array> {
  // A pull-based web stream over the file (Readable.toWeb throws an uncaught error when cancelled early).
  const source = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const web = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const {value, done} = await source.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    async cancel() {
      await source.return?.();
    }
  });
  try {
    for await (const chunk of new xz.XzReadableStream(web) as unknown as AsyncIterable<Uint8Array>) yield chunk;
  } finally {
    file.destroy();
  }
}

function fileError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new Error(`${path}: no such file`);
  if (code === "EACCES" || code === "EPERM") return new Error(`${path}: permission denied`);
  if (error instanceof Error && error.message.startsWith(path)) return error;
  return new Error(`${path}: cannot read (${error instanceof Error ? error.message : String(error)})`);
}
